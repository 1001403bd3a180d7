using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Testing;

/// <summary>Word files written with the Open XML SDK for the document, CLI and timing tests.</summary>
public static class DocxFixtures
{
    /// <summary>
    /// A heading "Harbour Works Review", two body paragraphs around a table (a header row and two vessel rows), a page
    /// header "CONFIDENTIAL DRAFT" and a footer "Page 1"; <paramref name="titleProperty"/> sets the document's title
    /// property. Paragraphs: 1 spending, 2-4 the table rows, 5 the breakwater inspection.
    /// </summary>
    public static byte[] HarbourReview(string? titleProperty = null) => Build(titleProperty, body =>
    {
        body.Append(Para("Harbour Works Review", "Heading1"));
        body.Append(Para("The harbour authority spent four million pounds on repairs to the north pier during the year."));
        body.Append(new Table(
            Row("Vessel", "Tonnage"),
            Row("Marlow Star", "1,200 tonnes"),
            Row("North Wind", "860 tonnes")));
        body.Append(Para("Divers carried out a detailed inspection of the breakwater in March and found cracks along its seaward face."));
    });

    /// <summary><paramref name="paragraphs"/> paragraphs of filler text under one heading (for timing indexing).</summary>
    public static byte[] LongReport(int paragraphs) => Build(null, body =>
    {
        body.Append(Para("Harbour Works Review", "Heading1"));
        for (int i = 0; i < paragraphs; i++) body.Append(Para(string.Join(" ", PdfFixtures.FillerLines(i))));
    });

    private static byte[] Build(string? titleProperty, Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            if (titleProperty is not null) doc.PackageProperties.Title = titleProperty;
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            fill(body);
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(Para("CONFIDENTIAL DRAFT"));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(Para("Page 1"));
            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) }));
        }
        return stream.ToArray();
    }

    private static Paragraph Para(string text, string? style = null)
    {
        var p = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        if (style is not null) p.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        return p;
    }

    private static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(Para(c))));
}
