using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bot.Core.Llm;

/// <summary>
/// Answers through an LLM (Semantic Kernel runs prompts/Answer over an <see cref="IChatClient"/>) from the passages the
/// wrapped answerer read, then verifies every quote against those passages (<see cref="QuoteVerifier"/>) so that only
/// verbatim source text is shown as a quote. Follow-ups are first rewritten into stand-alone questions (prompts/Condense).
/// Whenever the LLM cannot give a usable, verified answer in time — endpoint down, time-out, 429 or 5xx after retries,
/// malformed or unverifiable output — the wrapped answerer's answer is returned with a one-line note. A delegating
/// decorator: whether it runs at all is decided once, by <see cref="AnswererChoice"/>.
/// </summary>
public sealed class LlmAnswerer : IStreamingAnswerer
{
    private const int HistoryTurns = 4;
    private const int HistoryAnswerChars = 600;

    private readonly ITracingAnswerer _inner;
    private readonly QuestionValidator _validator;
    private readonly LlmOptions _options;
    private readonly PromptLibrary _prompts;
    private readonly Kernel _kernel;
    private readonly string _model;
    private readonly ILogger<LlmAnswerer> _logger;

    /// <param name="inner">The answerer whose passages the model reads and whose answer is the fallback.</param>
    /// <param name="validator">The question rules, applied once here; the inner answerer is asked on its already-validated path.</param>
    /// <param name="chatClient">The chat model (not disposed here: its owner, usually the container, does that).</param>
    /// <param name="options">Prompts, budgets and time-outs (<c>Bot:Llm</c>).</param>
    /// <param name="bot">For the longest question a condensed follow-up may be.</param>
    /// <param name="logger">Failures and timings; never question or passage text above Debug.</param>
    public LlmAnswerer(ITracingAnswerer inner, QuestionValidator validator, IChatClient chatClient, IOptions<LlmOptions> options, ILogger<LlmAnswerer> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _validator = validator;
        _options = options.Value;
        _logger = logger;
        var folder = PromptLibrary.FindFolder(_options.PromptsPath)
            ?? throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), [$"prompt templates not found; set {LlmOptions.SectionName}:PromptsPath."]);
        _prompts = new PromptLibrary(folder);
        // Semantic Kernel keeps the prompt templates and their invocation; the model behind them is whatever client was given.
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chatClient.AsChatCompletionService());
        _kernel = builder.Build();
        _model = chatClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? _options.ModelLabel;
        Log.LlmConfigured(_logger, _model, SafeEndpoint(chatClient), folder);
    }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        Answer? final = null;
        await foreach (var update in RunAsync(request, stream: false, cancellationToken).ConfigureAwait(false)) final = update.Final ?? final;
        return final ?? throw new InvalidOperationException("The answer stream ended without an answer.");
    }

    public IAsyncEnumerable<AnswerUpdate> AskStreamingAsync(AskRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, stream: true, cancellationToken);

    private async IAsyncEnumerable<AnswerUpdate> RunAsync(AskRequest request, bool stream, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = _validator.Validate(request.Question);

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(TimeSpan.FromSeconds(_options.TimeBudgetSeconds));
        long started = Stopwatch.GetTimestamp();
        Exception? failure = null;

        var standalone = question;
        if (request.History is { Count: > 0 } history)
        {
            try
            {
                standalone = await CondenseAsync(question, history, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsLlmFailure(ex, ct))
            {
                failure = ex;
            }
        }

        // Condensed by the model: the question stands alone. Condense failed: the inner answerer reads the follow-up itself.
        var trace = await _inner.AskValidatedWithTraceAsync(request with { Question = standalone, History = failure is null ? null : request.History }, ct).ConfigureAwait(false);
        var extractive = trace.Answer with { Question = question };
        if (failure is not null)
        {
            yield return AnswerUpdate.Done(Fallback(extractive, failure, budget, ct));
            yield break;
        }
        if (trace.Passages.Count == 0)
        {
            yield return AnswerUpdate.Done(extractive); // nothing retrieved: nothing for the model to read either
            yield break;
        }

        var available = PromptBudget.PassageTokens(_options.ContextWindowTokens, _prompts.Answer.Template, standalone, _prompts.Answer.MaxTokens);
        var passages = PromptBudget.Fit(trace.Passages, _options.MaxPassages, available);
        if (passages.Count == 0)
        {
            yield return AnswerUpdate.Done(extractive with { Note = Join(extractive.Note, $"LLM not used: no passage fits {LlmOptions.SectionName}:ContextWindowTokens ({_options.ContextWindowTokens}); extractive answer.") });
            yield break;
        }

        var arguments = new KernelArguments { ["passages"] = PromptBudget.Format(passages), ["question"] = standalone };
        var reply = new StringBuilder();
        var llm = AnswerTracing.Source.StartActivity("llm", ActivityKind.Client);
        llm?.SetTag("gen_ai.request.model", _model).SetTag("bot.llm.streaming", stream).SetTag("bot.passages", passages.Count);
        try
        {
            if (stream)
            {
                IAsyncEnumerator<StreamingKernelContent>? chunks = null;
                try
                {
                    chunks = _prompts.Answer.Function.InvokeStreamingAsync(_kernel, arguments, budget.Token).GetAsyncEnumerator(budget.Token);
                }
                catch (Exception ex) when (IsLlmFailure(ex, ct))
                {
                    failure = ex;
                }
                while (chunks is not null && failure is null)
                {
                    string? delta = null;
                    bool more = false;
                    try
                    {
                        more = await chunks.MoveNextAsync().ConfigureAwait(false);
                        if (more) delta = chunks.Current.ToString();
                    }
                    catch (Exception ex) when (IsLlmFailure(ex, ct))
                    {
                        failure = ex;
                    }
                    if (!more) break;
                    if (!string.IsNullOrEmpty(delta))
                    {
                        reply.Append(delta);
                        yield return AnswerUpdate.Delta(delta);
                    }
                }
                if (chunks is not null) await DisposeQuietlyAsync(chunks).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    var result = await _prompts.Answer.Function.InvokeAsync(_kernel, arguments, budget.Token).ConfigureAwait(false);
                    reply.Append(result.GetValue<string>() ?? result.ToString());
                }
                catch (Exception ex) when (IsLlmFailure(ex, ct))
                {
                    failure = ex;
                }
            }
        }
        finally
        {
            if (failure is not null) llm?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            llm?.Dispose();
        }
        if (failure is not null)
        {
            yield return AnswerUpdate.Done(Fallback(extractive, failure, budget, ct));
            yield break;
        }

        var answer = Compose(question, extractive, passages, reply.ToString());
        Log.Answered(_logger, question, Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer.Answered, answer.Quotes.Count);
        yield return AnswerUpdate.Done(answer);
    }

    private Answer Compose(string question, Answer extractive, IReadOnlyList<Indexing.PassageHit> passages, string reply)
    {
        var verified = QuoteVerifier.Verify(reply, passages);
        if (verified.NotFound)
        {
            var closest = extractive.Answered ? extractive.Quotes.Take(2).ToList() : extractive.Closest;
            return Answer.NotFound(question, closest);
        }
        if (!verified.IsUsable)
        {
            Log.ReplyUnusable(_logger, verified.Dropped, verified.UnsupportedSentences);
            return extractive with { Note = Join(extractive.Note, "LLM answer could not be verified against the sources; extractive answer.") };
        }
        int judged = verified.Verified + verified.Repaired + verified.Dropped;
        double confidence = judged == 0 ? 0.5 : (verified.Verified + (0.5 * verified.Repaired)) / judged;
        return new Answer(question, true, verified.Quotes, [], verified.Text, Note(verified), Math.Round(confidence, 4));
    }

    /// <summary>One line on what verification changed; null when the model's quotes were all verbatim.</summary>
    internal static string? Note(VerifiedAnswer v)
    {
        var parts = new List<string>();
        if (v.Repaired > 0) parts.Add($"{v.Repaired} {Plural(v.Repaired, "quote")} repaired to the verbatim source");
        if (v.Dropped > 0) parts.Add($"{v.Dropped} unverifiable {Plural(v.Dropped, "quote")} dropped");
        if (v.RemovedMarkers > 0) parts.Add($"{v.RemovedMarkers} {Plural(v.RemovedMarkers, "citation")} to no passage removed");
        if (v.UnsupportedSentences > 0) parts.Add($"{v.UnsupportedSentences} unsupported {Plural(v.UnsupportedSentences, "sentence")} dropped");
        return parts.Count == 0 ? null : "Verification: " + string.Join("; ", parts) + ".";
    }

    private async Task<string> CondenseAsync(string question, IReadOnlyList<ChatTurn> history, CancellationToken ct)
    {
        var lines = new StringBuilder();
        foreach (var turn in history.TakeLast(HistoryTurns))
        {
            var answer = turn.AnswerText.Length > HistoryAnswerChars ? turn.AnswerText[..HistoryAnswerChars] + "…" : turn.AnswerText;
            lines.Append("User: ").Append(OneLine(turn.Question)).Append('\n').Append("Bot: ").Append(OneLine(answer)).Append('\n');
        }
        var arguments = new KernelArguments { ["history"] = lines.ToString().TrimEnd(), ["question"] = question };
        var result = await _prompts.Condense.Function.InvokeAsync(_kernel, arguments, ct).ConfigureAwait(false);
        var text = OneLine(result.GetValue<string>() ?? string.Empty).Trim().Trim('"', '\u201C', '\u201D').Trim();
        const string Label = "Stand-alone question:";
        if (text.StartsWith(Label, StringComparison.OrdinalIgnoreCase)) text = text[Label.Length..].Trim();
        // A rewrite that is empty, huge or not a question is worse than the follow-up as asked.
        if (text.Length < 3 || !text.Any(char.IsLetterOrDigit)) return question;
        try { text = _validator.Validate(text); }
        catch (InvalidQuestionException) { return question; } // over the length limit or control characters: the same rules as a question
        Log.Condensed(_logger, question, text);
        return text;
    }

    private Answer Fallback(Answer extractive, Exception failure, CancellationTokenSource budget, CancellationToken ct)
    {
        var reason = budget.IsCancellationRequested && !ct.IsCancellationRequested
            ? $"no answer within the {_options.TimeBudgetSeconds:0.#} s time budget"
            : Describe(failure);
        Log.LlmFailed(_logger, _model, reason);
        Log.LlmFailureDetail(_logger, failure);
        return extractive with { Note = Join(extractive.Note, $"LLM unavailable ({reason}); extractive answer.") };
    }

    /// <summary>A short reason for the user; never includes the key (exception messages carry URLs and statuses only).</summary>
    internal static string Describe(Exception failure)
    {
        for (var ex = failure; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case HttpOperationException { StatusCode: { } status }:
                    return status == HttpStatusCode.TooManyRequests ? "HTTP 429, rate-limited" : $"HTTP {(int)status}";
                case HttpRequestException { StatusCode: { } status }:
                    return $"HTTP {(int)status}";
                case System.ClientModel.ClientResultException { Status: > 0 } result:
                    return result.Status == 429 ? "HTTP 429, rate-limited" : $"HTTP {result.Status}";
                case TimeoutException:
                    return "timed out";
                case HttpRequestException:
                    return "endpoint unreachable";
                case JsonException or FormatException or KeyNotFoundException or ArgumentOutOfRangeException:
                    return "malformed reply";
                default:
                    break;
            }
        }
        return failure is OperationCanceledException ? "timed out" : $"unusable reply: {failure.GetType().Name}";
    }

    private static bool IsLlmFailure(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && ex is not (InvalidQuestionException or OutOfMemoryException);

    private static async Task DisposeQuietlyAsync(IAsyncEnumerator<StreamingKernelContent> chunks)
    {
        try
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or HttpOperationException)
        {
            // The stream already failed or was cut short; the answer is decided.
        }
    }

    private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : $"{a} {b}";

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";

    private static string OneLine(string s) => s.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string SafeEndpoint(IChatClient client) =>
        client.GetService<ChatClientMetadata>()?.ProviderUri is { } uri ? uri.GetLeftPart(UriPartial.Path) : "?";
}
