using Bot.Core.Documents;

namespace Bot.Core.Tests.Documents;

/// <summary>.pdf and .docx seeds, from files the tests write with PdfPig's builder and the Open XML SDK.</summary>
public class PdfAndDocxTests
{
    private static List<string> ParagraphTexts(Document doc) => doc.Paragraphs.Select(p => doc.Text[p.Start..p.End]).ToList();

    [Fact]
    public void Pdf_text_reads_columns_in_order_joins_hyphenated_words_and_drops_running_headers_and_page_numbers()
    {
        var doc = DocumentLoader.Parse(PdfFixtures.AnnualReport(), "report.pdf");
        Assert.Equal("Harbour Works Review", doc.Title);
        var paragraphs = ParagraphTexts(doc);
        Assert.Equal(
        [
            "The harbour authority spent four million pounds on repairs to the north pier during the year, the largest sum since 1998.",
            "Divers carried out a detailed inspection of the breakwater in March and found cracks along its seaward face.",
            "Ferry traffic rose by twelve percent, with the summer timetable carrying a record 310,000 passengers.",
            "The lighthouse keeper retired in June after forty years of service at the harbour entrance, and a new keeper was appointed.",
            "Next year the authority plans to dredge the inner basin to a depth of six metres.",
        ], paragraphs);
        Assert.DoesNotContain(PdfFixtures.Header, doc.Text, StringComparison.Ordinal);
        Assert.Equal(string.Join("\n\n", paragraphs), doc.Text);
    }

    [Fact]
    public void Pdf_paragraphs_know_their_page_and_pages_without_text_are_reported()
    {
        var doc = DocumentLoader.Parse(PdfFixtures.AnnualReport(), "report.pdf");
        var citation = DocumentCitation.From(doc.Metadata);
        Assert.Equal([1, 1, 1, 1, 3], doc.Paragraphs.Select(p => citation.PageOf(p.Number)));
        Assert.Equal("2", doc.Metadata["pages_without_text"]);
    }

    [Fact]
    public void Pdf_without_any_text_layer_is_refused_as_scanned()
    {
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse(PdfFixtures.Build([[], []]), "scan.pdf"));
        Assert.Contains("no text layer", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 pages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_pdf_that_is_not_a_pdf_is_refused_with_a_reason()
    {
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse("just some text"u8.ToArray(), "fake.pdf"));
        Assert.Contains("PDF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_paragraphs_are_in_order_tables_give_one_paragraph_per_row_and_headers_and_footers_are_dropped()
    {
        var doc = DocumentLoader.Parse(DocxFixtures.HarbourReview(), "review.docx");
        Assert.Equal("Harbour Works Review", doc.Title);
        Assert.Equal(
        [
            "The harbour authority spent four million pounds on repairs to the north pier during the year.",
            "Vessel | Tonnage",
            "Marlow Star | 1,200 tonnes",
            "North Wind | 860 tonnes",
            "Divers carried out a detailed inspection of the breakwater in March and found cracks along its seaward face.",
        ], ParagraphTexts(doc));
        Assert.DoesNotContain("CONFIDENTIAL", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Page 1", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_title_property_wins_over_the_first_heading()
    {
        var doc = DocumentLoader.Parse(DocxFixtures.HarbourReview("Review of the Harbour Works 2025"), "review.docx");
        Assert.Equal("Review of the Harbour Works 2025", doc.Title);
        Assert.StartsWith("Harbour Works Review\n\n", doc.Text, StringComparison.Ordinal); // the heading stays in the text
    }

    [Fact]
    public void A_file_named_docx_that_is_not_a_word_file_is_refused_with_a_reason()
    {
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse("just some text"u8.ToArray(), "fake.docx"));
        Assert.Contains("Word file", e.Message, StringComparison.Ordinal);
    }
}
