using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>Documents' genres (what the abstainer's news threshold reads): stored when written, filled in by the upgrade.</summary>
public abstract partial class IndexStoreContractTests
{
    private const string WireStory = "Harbour reopens\nThe harbour at Marlow reopened on Friday after the storm, the port authority said.\n" +
        "\"Boats can come in again,\" the harbour master told reporters.\n";

    // One long paragraph and no reported speech: two votes for reference.
    private static readonly string Manual = "Orchard manual\n" + string.Join(" ", Enumerable.Repeat("The pears ripen slowly in the cool northern valley.", 15)) + "\n";

    private static async Task<Dictionary<string, DocumentGenre>> GenresAsync(ServiceProvider sp)
    {
        var store = sp.GetRequiredService<IIndexStore>();
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        var genres = new Dictionary<string, DocumentGenre>();
        foreach (var d in await store.ListDocumentsAsync(TestTimeout.Token()))
            genres[Path.GetFileName(d.Path)] = await reader.GetDocumentGenreAsync(d.Id, TestTimeout.Token());
        return genres;
    }

    [SkippableFact]
    public async Task A_document_s_genre_is_stored_when_it_is_written_and_an_index_from_before_genres_gets_them_in_place()
    {
        Seeds.File("harbour.txt", WireStory);
        Seeds.File("manual.txt", Manual);
        var sp = Services();
        await Index(sp);
        var expected = new Dictionary<string, DocumentGenre> { ["harbour.txt"] = DocumentGenre.News, ["manual.txt"] = DocumentGenre.Reference };
        Assert.Equal(expected, await GenresAsync(sp));

        await DowngradeToBeforeGenresAsync(_store);
        var upgraded = await Index(sp);

        Assert.False(upgraded.SchemaRebuilt);
        Assert.Equal((0, 0), (upgraded.Added, upgraded.Updated));
        Assert.Equal(expected, await GenresAsync(sp));
        Assert.Empty(await sp.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
    }
}
