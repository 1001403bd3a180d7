using Bot.Core.Answering.Ranking;
using Bot.Core.Configuration;
using Bot.Core.Diagnostics;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The embedded default: retrieve passages, score their sentences, quote the best ones verbatim with citations, or
/// abstain when the evidence is weak. Needs no network; with the packaged embedding model its ranker also reads the
/// question–sentence cosine, and without it (or when the model fails) it ranks lexically. The steps, in order:
/// <see cref="QuestionValidator"/>, <see cref="CandidateGatherer"/>, <see cref="CandidateRanker"/>,
/// <see cref="Abstainer"/>, <see cref="PassageOrderer"/>, <see cref="QuoteComposer"/>, then <see cref="SpellingRetry"/>
/// when the question was not answered.
/// </summary>
public sealed class ExtractiveAnswerer : ITracingAnswerer
{
    private readonly IIndexStore _store;
    private readonly QuestionValidator _validator;
    private readonly CandidateGatherer _gatherer;
    private readonly CandidateRanker _ranker;
    private readonly Abstainer _abstainer;
    private readonly PassageOrderer _passages;
    private readonly QuoteComposer _composer;
    private readonly SpellingRetry _spelling;
    private readonly int _maxQuotes;
    private readonly ILogger<ExtractiveAnswerer> _logger;

    internal ExtractiveAnswerer(IIndexStore store, QuestionValidator validator, CandidateGatherer gatherer, CandidateRanker ranker, Abstainer abstainer,
        PassageOrderer passages, QuoteComposer composer, SpellingRetry spelling, IOptions<BotOptions> options, ILogger<ExtractiveAnswerer> logger)
    {
        _store = store;
        _validator = validator;
        _gatherer = gatherer;
        _ranker = ranker;
        _abstainer = abstainer;
        _passages = passages;
        _composer = composer;
        _spelling = spelling;
        _maxQuotes = options.Value.MaxQuotes;
        _logger = logger;
    }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken) =>
        (await AskWithTraceAsync(request, cancellationToken).ConfigureAwait(false)).Answer;

    /// <summary>Validates the question (<see cref="QuestionValidator"/>), then answers it and reports what was read.</summary>
    /// <exception cref="InvalidQuestionException">The question is empty, too long or has control characters.</exception>
    public Task<AnswerTrace> AskWithTraceAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AskValidatedWithTraceAsync(request with { Question = _validator.Validate(request.Question) }, cancellationToken);
    }

    public async Task<AnswerTrace> AskValidatedWithTraceAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = request.Question;
        using var span = AnswerTracing.Source.StartActivity("answer");
        var (searched, readWith) = FollowUpQuestion.Expand(question, request.History);
        var analysis = QuestionAnalyzer.Analyze(searched);
        if (analysis.Terms.Count == 0)
            return new AnswerTrace(Answer.NotFound(question, note: "The question has no searchable words."), analysis, [], []);

        await using var reader = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        int maxQuotes = Math.Clamp(request.MaxQuotes, 1, _maxQuotes);
        var trace = await AnswerAsync(reader, question, analysis, readWith, maxQuotes, cancellationToken).ConfigureAwait(false);
        var final = await _spelling.RetryAsync(reader, question, request.History, trace,
            (corrected, correctedWith, ct) => AnswerAsync(reader, question, corrected, correctedWith, maxQuotes, ct), cancellationToken).ConfigureAwait(false);
        span?.SetTag("bot.answered", final.Answer.Answered);
        return final;
    }

    /// <summary>One pass of the steps after validation: gather, rank, abstain, order the passages, compose the quotes.</summary>
    private async Task<AnswerTrace> AnswerAsync(IIndexReader reader, string question, QuestionAnalysis analysis, string? readWith, int maxQuotes, CancellationToken cancellationToken)
    {
        CandidateSet set;
        using (var retrieve = AnswerTracing.Source.StartActivity("retrieve"))
        {
            set = await _gatherer.GatherAsync(reader, analysis, cancellationToken).ConfigureAwait(false);
            retrieve?.SetTag("bot.passages", set.Passages.Count).SetTag("bot.sentences", set.Sentences.Count);
        }
        if (set.Sentences.Count == 0) return new AnswerTrace(Answer.NotFound(question), analysis, set.Passages, []);

        RankedCandidates ranked;
        double confidence;
        bool answered;
        using (var rank = AnswerTracing.Source.StartActivity("rank"))
        {
            var stage = _ranker.ChooseStage(set);
            ranked = CandidateRanker.Rank(set, stage.Ranker);
            (confidence, answered) = await _abstainer.DecideAsync(reader, set, stage, ranked, cancellationToken).ConfigureAwait(false);
            rank?.SetTag("bot.confidence", confidence).SetTag("bot.answered", answered);
        }
        StartupTrace.Mark("question: ranked");
        IReadOnlyList<PassageHit> passages;
        Answer answer;
        using (AnswerTracing.Source.StartActivity("compose"))
        {
            passages = await _passages.OrderAsync(reader, set, ranked.Ranked, cancellationToken).ConfigureAwait(false);
            answer = await _composer.ComposeAsync(reader, question, analysis.Type, ranked.Ranked, set.Sentences, answered, confidence, maxQuotes, cancellationToken).ConfigureAwait(false);
        }
        if (readWith is not null) answer = answer with { Note = $"Read as a follow-up to “{readWith}”." };
        Pipeline.Log.Answered(_logger, question, answer.Answered, ranked.Ranked.FirstOrDefault()?.Score, confidence);
        return new AnswerTrace(answer, analysis, passages, ranked.Ranked);
    }
}
