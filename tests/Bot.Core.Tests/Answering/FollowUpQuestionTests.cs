using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class FollowUpQuestionTests : IAsyncLifetime, IDisposable
{
    private const string Delist = "when did Russia delist the Taliban?";
    private const string Blacklisted2003 = "In 2003, Russia blacklisted the Taliban as terrorists, citing links to rebels in the North Caucasus.";
    private const string Blacklisted2012 = "In 2012, the United States blacklisted the Haqqani network as a foreign terrorist organisation.";

    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia-recognises-taliban.txt"));
        // A second article that also blacklists someone: without the conversation, "when did they blacklist them?" is ambiguous.
        _seeds.File("haqqani.txt", "Washington and the Haqqani network\n\n" + Blacklisted2012 + " The group was blamed for attacks in Kabul.\n\nThey blacklisted them after years of attacks on troops.\n");
        _services = CoreHost.Create(_seeds.Path, _data.Path);
        await _services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
    }

    private Task<Answer> Ask(string question, params ChatTurn[] history) =>
        _services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(question, History: history), CancellationToken.None);

    [Fact]
    public async Task A_follow_up_is_read_with_the_earlier_question_and_quotes_the_2003_sentence()
    {
        var first = await Ask(Delist);
        var answer = await Ask("and when did they blacklist them?", new ChatTurn(Delist, first.Quotes[0].Text));

        Assert.True(answer.Answered);
        Assert.Equal(Blacklisted2003, answer.Quotes[0].Text);
        Assert.Equal("and when did they blacklist them?", answer.Question);
        Assert.Equal($"Read as a follow-up to “{Delist}”.", answer.Note);
    }

    [Fact]
    public async Task A_question_that_names_its_subject_is_not_bent_by_the_conversation()
    {
        var answer = await Ask("when did the United States blacklist the Haqqani network?", new ChatTurn(Delist, "In April, …"));

        Assert.Equal(Blacklisted2012, answer.Quotes[0].Text);
        Assert.Null(answer.Note);
    }

    [Fact]
    public void Expansion_adds_the_earlier_questions_words_only_to_what_is_searched()
    {
        var (searched, readWith) = FollowUpQuestion.Expand("and when did they blacklist them?", [new ChatTurn(Delist, "")]);
        Assert.Equal("and when did they blacklist them? Russia Taliban", searched);
        Assert.Equal(Delist, readWith);
    }

    [Fact]
    public void What_about_borrows_the_earlier_question_whole()
    {
        var (searched, _) = FollowUpQuestion.Expand("what about Kazakhstan?", [new ChatTurn(Delist, "")]);
        Assert.Equal("when did Russia delist the Taliban? what about Kazakhstan?", searched);
    }

    [Fact]
    public void A_chain_of_follow_ups_reaches_back_to_the_question_that_named_the_subject()
    {
        var (searched, readWith) = FollowUpQuestion.Expand("why did they do it?", [new ChatTurn(Delist, ""), new ChatTurn("and when did they blacklist them?", "")]);
        Assert.Equal("why did they do it? blacklist Russia Taliban", searched);
        Assert.Equal("and when did they blacklist them?", readWith);
    }

    [Fact]
    public void A_bare_why_borrows_the_earlier_predicate_too()
    {
        var (searched, _) = FollowUpQuestion.Expand("why?", [new ChatTurn(Delist, "")]);
        Assert.Equal("why? Russia delist Taliban", searched);
    }

    [Fact]
    public void Without_a_conversation_the_question_stands_alone()
    {
        Assert.Equal(("and when did they blacklist them?", null), FollowUpQuestion.Expand("and when did they blacklist them?", []));
        Assert.Equal(("and when did they blacklist them?", null), FollowUpQuestion.Expand("and when did they blacklist them?", null));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _services.Dispose();
        _seeds.Dispose();
        _data.Dispose();
    }
}
