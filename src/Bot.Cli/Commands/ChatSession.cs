using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Core.Feedback;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>
/// One console conversation: keeps recent turns in the <see cref="IConversationStore"/> (so follow-ups work), streams the
/// LLM's draft while it is written, then shows the verified answer. The draft is always marked unverified: on a terminal it
/// is replaced by the verified answer, in a pipe it is printed as one grey "draft" line before it. Whether the answerer
/// streams (the LLM one) or not (the extractive one) was decided when it was chosen. With a <see cref="QuestionLog"/> that
/// is on, each answer is logged and `/good`, `/bad [why]` rate the last one.
/// </summary>
public sealed class ChatSession(IAnswerer answerer, IConversationStore store, IAnsiConsole console, QuestionLog? log = null)
{
    public const string FrontEnd = "chat";

    private readonly string _id = "console:" + Guid.NewGuid().ToString("N");
    private (long? Id, Answer Answer)? _last;
    private string? _asker;

    /// <summary>`/new`, `/reset`: forget the conversation so far.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) => store.ResetAsync(_id, cancellationToken);

    /// <summary>Answers one line and remembers the turn.</summary>
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    public async Task AskAsync(string question, CancellationToken cancellationToken)
    {
        var request = new AskRequest(question, History: await store.RecentAsync(_id, cancellationToken).ConfigureAwait(false));
        var answer = answerer is IStreamingAnswerer streaming
            ? await StreamAsync(streaming, request, cancellationToken).ConfigureAwait(false)
            : await answerer.AskAsync(request, cancellationToken).ConfigureAwait(false);
        AnswerRenderer.Render(console, answer);
        await store.AppendAsync(_id, new ChatTurn(question, TurnText(answer)), cancellationToken).ConfigureAwait(false);
        _last = (log is { Enabled: true } ? await log.RecordAsync(answer, FrontEnd, Asker(), cancellationToken).ConfigureAwait(false) : null, answer);
    }

    /// <summary>`/good`, `/bad [why]`: rates the last answer; returns what to tell the user.</summary>
    public async Task<string> RateLastAsync(FeedbackRating rating, string? reason, CancellationToken cancellationToken)
    {
        if (log is null || !log.Enabled) return "Ratings are not recorded: the question log is off (Bot:Feedback:Enabled).";
        if (_last is not { } last) return "Nothing to rate yet: ask a question first.";
        if (last.Id is not { } id) return "The last answer was not logged, so it cannot be rated.";
        var quotes = last.Answer.Quotes;
        return await log.RateAsync(id, rating, byAsker: true, Asker(), reason, quotes, cancellationToken).ConfigureAwait(false)
            ? rating == FeedbackRating.Good ? "Thanks: recorded as a good answer." : "Thanks: recorded as a bad answer" + (string.IsNullOrWhiteSpace(reason) ? "." : ", with your reason.")
            : "The rating could not be stored.";
    }

    // The console's asker is the account running the chat, stored only as a salted hash.
    private string Asker() => _asker ??= log!.HashUser(FrontEnd, Environment.UserName);

    private async Task<Answer> StreamAsync(IStreamingAnswerer answerer, AskRequest request, CancellationToken ct)
    {
        Answer? final = null;
        if (console.Profile.Capabilities.Interactive)
        {
            var live = console.Live(new Text(string.Empty));
            live.AutoClear = true; // the verified answer replaces the draft
            await live.StartAsync(async ctx =>
            {
                var draft = new System.Text.StringBuilder();
                await foreach (var update in answerer.AskStreamingAsync(request, ct).ConfigureAwait(false))
                {
                    if (update.Final is not null) final = update.Final;
                    if (update.Draft is null) continue;
                    draft.Append(update.Draft);
                    ctx.UpdateTarget(TerminalText.Plain($"drafting (unverified): {draft}", new Style(Color.Grey)));
                }
            }).ConfigureAwait(false);
        }
        else
        {
            bool drafting = false;
            await foreach (var update in answerer.AskStreamingAsync(request, ct).ConfigureAwait(false))
            {
                if (update.Final is not null) final = update.Final;
                if (update.Draft is null) continue;
                if (!drafting) console.Markup("[grey]draft (unverified): [/]");
                drafting = true;
                console.Write(TerminalText.Plain(update.Draft, new Style(Color.Grey)));
            }
            if (drafting) console.WriteLine();
        }
        return final ?? throw new InvalidOperationException("The answer stream ended without an answer.");
    }

    // What Condense sees of this turn later: the prose, or the first quote of an extractive answer.
    private static string TurnText(Answer answer) =>
        !answer.Answered ? Answer.NotFoundText
        : !string.IsNullOrWhiteSpace(answer.Text) ? answer.Text
        : answer.Quotes.Count > 0 ? answer.Quotes[0].Text
        : string.Empty;
}
