using System.IO.Compression;
using System.Text;
using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class WordNetRelationsTests
{
    private static bool Related(string a, string b) => WordNetRelations.Default.Related(WordTokenizer.StemOf(a), WordTokenizer.StemOf(b));

    [Fact]
    public void The_embedded_table_relates_synonyms_derivations_and_hypernyms()
    {
        Assert.True(WordNetRelations.Default.Count > 100_000);
        Assert.True(Related("decided", "decision"));       // derivation, any inflection
        Assert.True(Related("die", "deaths"));             // derivation across parts of speech
        Assert.True(Related("van", "wagons"));              // a noun sense
        Assert.True(Related("discovered", "finds"));        // synonym of a verb
        Assert.True(Related("dogs", "canine"));             // hypernym of a noun
        Assert.True(Related("wagon", "vans"));              // either way round
    }

    [Fact]
    public void Unrelated_words_and_a_word_with_itself_are_not_related()
    {
        Assert.False(Related("banana", "parliament"));
        Assert.False(Related("van", "van"));
        Assert.False(Related("qwxzvbnmrtlk", "truck"));
        Assert.Equal(-1, WordNetRelations.Default.IdOf("qwxzvbnmrtlk"));
    }

    [Fact]
    public void A_file_is_read_by_stem_and_comment_lines_are_skipped()
    {
        var table = Load("# comment\nbreed\traise rear\n");
        Assert.True(table.Related(WordTokenizer.StemOf("breeding"), WordTokenizer.StemOf("raised")));
        Assert.True(table.Related(WordTokenizer.StemOf("rear"), WordTokenizer.StemOf("breed")));
        Assert.False(table.Related(WordTokenizer.StemOf("raise"), WordTokenizer.StemOf("rear"))); // only the pairs a line names
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void A_line_without_a_tab_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Load("breed raise\n"));
        Assert.Contains("without a tab", ex.Message, StringComparison.Ordinal);
    }

    private static WordNetRelations Load(string text)
    {
        var buffer = new MemoryStream();
        using (var z = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes(text));
        buffer.Position = 0;
        return WordNetRelations.Load(buffer);
    }
}
