using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>What citations need from a store: source, date and page with each quote, the text offsets index, by path.</summary>
public abstract partial class IndexStoreContractTests
{
    /// <summary>Removes the parser version from the store's meta table, as an index made before it was recorded.</summary>
    protected abstract Task DeleteParserVersionAsync(IDictionary<string, string?> store);

    private const string Reopened = "---\ntitle: Harbour reopens\nsource: Coast News\ndate: 2025-07-04T09:00:00+01:00\n---\nThe harbour at Marlow reopened on Friday after the storm, the port authority said.\n";

    [Fact]
    public async Task Quotes_carry_source_date_and_page_and_the_stored_text_is_what_their_offsets_index()
    {
        Seeds.File("harbour.md", Reopened);
        Seeds.Bytes("report.pdf", PdfFixtures.AnnualReport());
        Seeds.Bytes("zz-copy.pdf", PdfFixtures.AnnualReport());
        var sp = Services();
        await Index(sp);

        var md = (await Ask(sp, "when did the harbour at Marlow reopen?")).Quotes[0];
        Assert.Equal(("harbour.md", "Coast News", "2025-07-04"), (md.Path, md.Source, md.Date));
        Assert.Null(md.Page);
        Assert.Equal("Harbour reopens — Coast News, 4 July 2025, ¶1", md.Citation);

        var pdf = (await Ask(sp, "How deep will the authority dredge the inner basin?")).Quotes[0];
        Assert.Equal(("report.pdf", 5), (pdf.Path, pdf.Paragraph));
        Assert.Equal(3, pdf.Page);
        var store = sp.GetRequiredService<IIndexStore>();
        Assert.Equal(pdf.Text, (await store.GetDocumentTextAsync("report.pdf", TestTimeout.Token()))![pdf.Start..pdf.End]);
        Assert.Equal(await store.GetDocumentTextAsync("report.pdf", TestTimeout.Token()), await store.GetDocumentTextAsync("zz-copy.pdf", TestTimeout.Token())); // a duplicate's path
        Assert.Null(await store.GetDocumentTextAsync("missing.pdf", TestTimeout.Token()));

        var sources = await store.ListSourcesAsync(TestTimeout.Token());
        var harbour = sources.Single(s => s.Path == "harbour.md");
        Assert.Equal(("Coast News", "2025-07-04"), (harbour.Source, harbour.Date));
        Assert.Equal("2", sources.Single(s => s.Path == "report.pdf").PagesWithoutText);
    }

    [Fact]
    public async Task An_index_read_by_an_older_parser_reads_every_file_again_once()
    {
        Seeds.File("harbour.md", Reopened);
        Seeds.File("orchard.txt", Orchard);
        var sp = Services();
        await Index(sp);
        await DeleteParserVersionAsync(_store);

        var report = await Index(sp);

        Assert.Equal((2, 0), (report.Updated, report.Added));
        Assert.False((await Index(sp)).ChangedAnything);
        Assert.Empty(await sp.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
        Assert.Equal("Coast News", (await Ask(sp, "when did the harbour at Marlow reopen?")).Quotes[0].Source);
    }
}
