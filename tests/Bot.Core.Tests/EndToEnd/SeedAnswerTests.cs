using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.EndToEnd;

public sealed class SeedAnswerTests() : IndexedSeeds(RepoPaths.Seeds)
{
    private Task<Answer> Ask(string q) => Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(q), CancellationToken.None);

    [Fact]
    public async Task Ask_quotes_the_April_sentence_for_when_Russia_delisted_the_Taliban()
    {
        var answer = await Ask("when did Russia delist the Taliban?");
        Assert.True(answer.Answered);
        var q = answer.Quotes[0];
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", q.Text);
        Assert.Equal(7, q.Paragraph);
        Assert.Equal("russia-recognises-taliban.txt", q.Path);
        Assert.Equal(q.Text, File.ReadAllText(Path.Combine(RepoPaths.Seeds, q.Path))[q.Start..q.End]);
    }

    [Theory]
    [InlineData("who praised the step?", "Afghanistan’s Foreign Minister, Amir Khan Muttaqi, praised the step.")]
    [InlineData("what did Putin call the Taliban?", "In July 2024, President Putin called the Taliban “allies in the fight against terrorism.”")]
    [InlineData("what does the UN call the Taliban?", "The United Nations still refers to them as the “Taliban de facto authorities.”")]
    [InlineData("what happened to the central bank assets?", "Billions in Afghanistan’s central bank assets remain frozen.")]
    // The follow-up, asked on its own: blacklisting is not "removed from the list".
    [InlineData("when did they blacklist them?", "In 2003, Russia blacklisted the Taliban as terrorists, citing links to rebels in the North Caucasus.")]
    public async Task Ask_quotes_the_sentence_that_answers(string question, string expected)
    {
        var answer = await Ask(question);
        Assert.True(answer.Answered);
        Assert.Contains(expected, answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_corrects_misspelt_names_and_says_what_it_searched_for()
    {
        var answer = await Ask("when did Rusia delist the Talibn?");
        Assert.True(answer.Answered);
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", answer.Quotes[0].Text);
        Assert.Equal("Searched for “Russia”, “Taliban” instead of “Rusia”, “Talibn”, which the sources do not contain.", answer.Note);
        Assert.Equal("when did Rusia delist the Talibn?", answer.Question);
    }

    [Fact]
    public async Task A_follow_up_is_corrected_in_its_own_words_only()
    {
        // The earlier question's misspelling was the user's to correct then: the note names only this question's word.
        var answer = await Services.GetRequiredService<IAnswerer>().AskAsync(
            new AskRequest("and when did they blaclist them?", History: [new ChatTurn("when did Russia delist the Talibn?", "Not found in the sources.")]),
            TestTimeout.Token());
        Assert.True(answer.Answered);
        Assert.Contains("In 2003, Russia blacklisted the Taliban", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Read as a follow-up to “when did Russia delist the Talibn?”.", answer.Note, StringComparison.Ordinal);
        var note = answer.Note!;
        var spelling = note[note.IndexOf("Searched for", StringComparison.Ordinal)..];
        Assert.Equal("Searched for “blacklisted” instead of “blaclist”, which the sources do not contain.", spelling);
    }

    [Fact]
    public async Task A_misspelt_word_with_no_corpus_word_near_it_still_finds_nothing()
    {
        var answer = await Ask("What is the capital of Austrailia?");
        Assert.False(answer.Answered);
        Assert.Null(answer.Note);
    }

    [Fact]
    public async Task Ask_says_not_found_when_the_sources_do_not_answer()
    {
        var answer = await Ask("What is the capital of Australia?");
        Assert.False(answer.Answered);
        Assert.Empty(answer.Quotes);
    }

    [Fact]
    public async Task Empty_question_is_rejected_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<InvalidQuestionException>(() => Ask("   "));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_question_is_rejected_with_the_limit_named()
    {
        var e = await Assert.ThrowsAsync<InvalidQuestionException>(() => Ask(new string('a', 100_000)));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_lists_the_seed_with_its_passages()
    {
        var sources = await Services.GetRequiredService<ISourceCatalog>().ListSourcesAsync(CancellationToken.None);
        var seed = Assert.Single(sources);
        Assert.Equal(11, seed.Paragraphs);
        Assert.True(seed.Passages >= seed.Paragraphs);
    }
}
