using Bot.Core.Answering;
using Bot.Core.Indexing;

namespace Bot.Core.Tests.Answering;

public sealed class ReportedSpeechTests
{
    private static readonly string[] Ruiz = ["ruiz"];

    // One paragraph of sentences as rows (document 1, paragraph 0, ordinals in order).
    private static List<SentenceRow> Paragraph(params string[] sentences) =>
        sentences.Select((s, i) => new SentenceRow(i + 1, 1, "a.txt", "A", null, 0, i, 0, s.Length, s)).ToList();

    [Theory]
    [InlineData("\"We lost our shape after the break\", Ruiz said.")]
    [InlineData("\"We lost our shape after the break,\" said Ruiz.")]
    [InlineData("\"We lost our shape,\" said coach Ruiz.")]
    [InlineData("Ruiz said the team lost its shape after the break.")]
    [InlineData("The team lost its shape after the break, according to Ruiz.")]
    public void A_sentence_attributed_to_the_speaker_by_name_gives_their_words(string sentence)
    {
        var all = Paragraph(sentence);
        Assert.True(ReportedSpeech.GivesWordsOf(all[0], all, Ruiz));
    }

    [Theory]
    [InlineData("\"We lost our shape after the break\", Patel said.")]
    [InlineData("Ruiz watched from the stand as the team lost its shape.")]
    [InlineData("The team lost its shape after the break.")]
    public void A_sentence_attributed_to_someone_else_or_to_nobody_does_not(string sentence)
    {
        var all = Paragraph("The coach was unhappy.", sentence);
        Assert.False(ReportedSpeech.GivesWordsOf(all[1], all, Ruiz));
    }

    [Fact]
    public void A_quotation_that_runs_on_gives_the_words_of_the_speaker_named_before_it()
    {
        var all = Paragraph("\"It was a slow start\", Ruiz said.", "\"Then we found our rhythm and scored twice.", "\"We can build on that,\" he said.");

        Assert.True(ReportedSpeech.GivesWordsOf(all[1], all, Ruiz));
        Assert.True(ReportedSpeech.GivesWordsOf(all[2], all, Ruiz));
    }

    [Fact]
    public void A_quotation_after_another_speakers_words_is_not_the_speakers()
    {
        var all = Paragraph("\"It was a slow start\", Patel said.", "\"Then we found our rhythm.\"");

        Assert.False(ReportedSpeech.GivesWordsOf(all[1], all, Ruiz));
    }

    [Theory]
    [InlineData("okafor", true)]
    [InlineData("okafer", true)]
    [InlineData("okafors", true)]
    [InlineData("okonkwo", false)]
    [InlineData("ruis", false)]
    public void A_name_spelt_with_one_letter_different_is_the_same_speaker_when_long_enough(string name, bool same)
    {
        Assert.Equal(same, ReportedSpeech.IsSpeaker(name, ["okafor"]));
        Assert.False(ReportedSpeech.IsSpeaker("ruis", Ruiz));
    }

    [Fact]
    public void A_quotation_attributed_to_the_speaker_under_another_spelling_gives_their_words()
    {
        var all = Paragraph("Okafer suggested the harvest \"will be the best in ten years\".");

        Assert.True(ReportedSpeech.GivesWordsOf(all[0], all, ["okafor"]));
    }
}
