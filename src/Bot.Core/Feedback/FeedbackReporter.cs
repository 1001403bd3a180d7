using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Microsoft.Extensions.Options;

namespace Bot.Core.Feedback;

/// <summary>
/// Builds a <see cref="FeedbackReport"/> from the question log: counts, refused questions grouped by topic (embedded by
/// the bot's embedding model, or by their words when there is none or it fails), ratings, and the indexed documents no
/// answer quoted first. Purges expired rows first, so a report never shows what retention should have deleted.
/// </summary>
public sealed class FeedbackReporter(IFeedbackStore store, IIndexStore index, QuestionLog log, IOptions<FeedbackOptions> options,
    EmbeddingSetupProvider? embeddings = null, TimeProvider? time = null)
{
    private const int WorstRatedShown = 10;

    /// <summary>The report for questions logged at or after <paramref name="since"/> (null: everything retained).</summary>
    public async Task<FeedbackReport> BuildAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        await log.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
        var from = since ?? now - TimeSpan.FromDays(options.Value.RetentionDays);
        var questions = await store.ListQuestionsAsync(from, cancellationToken).ConfigureAwait(false);
        var ratings = await store.ListRatingsAsync(from, cancellationToken).ConfigureAwait(false);

        var refused = questions.Where(q => !q.Answered).ToList();
        var (groups, groupOf, groupedBy) = await GroupAsync(refused, cancellationToken).ConfigureAwait(false);
        var rated = Rated(questions, ratings);
        var quoted = questions.Where(q => q.Document is not null).Select(q => q.Document!)
            .Concat(ratings.SelectMany(r => r.Quotes).Select(q => q.Path)).ToHashSet(StringComparer.Ordinal);
        var sources = await ListSourcesAsync(cancellationToken).ConfigureAwait(false);

        return new FeedbackReport(from, now, questions.Count, questions.Count(q => q.Answered), questions.Select(q => q.Asker).Distinct(StringComparer.Ordinal).Count(),
            groupedBy, PerDay(questions, from, now), groups,
            [.. refused.Select((q, i) => new RefusedQuestion(q.Time, q.FrontEnd, q.Question, groupOf[i]))],
            [.. rated.Where(r => r.Score < 0).OrderBy(r => r.Score).ThenByDescending(r => r.Time).Take(WorstRatedShown)],
            [.. rated.OrderByDescending(r => r.Time)],
            [.. sources.Where(s => !quoted.Contains(s.Path)).Select(s => new UnquotedDocument(s.Path, s.Title))]);
    }

    private async Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken ct)
    {
        // Read as it is: a report never creates, migrates or rebuilds the index.
        try
        {
            return await index.ListSourcesAsync(ct).ConfigureAwait(false);
        }
        // No index yet (no tables), or none that can be opened: no documents to list.
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private async Task<(IReadOnlyList<GapGroup> Groups, int[] GroupOf, string By)> GroupAsync(List<LoggedQuestion> refused, CancellationToken ct)
    {
        var groupOf = Enumerable.Repeat(-1, refused.Count).ToArray();
        // The most recent ones, when there are more than the clusterer takes.
        var offset = Math.Max(0, refused.Count - GapClusterer.MaxQuestions);
        var texts = refused.Skip(offset).Select(q => q.Question).ToList();
        if (texts.Count == 0) return ([], groupOf, "none");
        var (vectors, by) = await EmbedAsync(texts, ct).ConfigureAwait(false);
        var clusters = GapClusterer.Cluster(vectors, options.Value.GapSimilarity);
        var groups = new List<GapGroup>();
        for (var g = 0; g < clusters.Count; g++)
        {
            foreach (var i in clusters[g]) groupOf[offset + i] = g;
            var members = clusters[g].Select(i => texts[i]).ToList();
            groups.Add(new GapGroup(GapClusterer.Name(members), members.Count,
                [.. members.DistinctBy(t => t.Trim().ToUpperInvariant()).Take(3)]));
        }
        return (groups, groupOf, by);
    }

    private async Task<(IReadOnlyList<float[]> Vectors, string By)> EmbedAsync(List<string> texts, CancellationToken ct)
    {
        if (embeddings?.Setup is { } setup)
        {
            try
            {
                return (await setup.EmbedAtAskTimeAsync(texts, ct).ConfigureAwait(false), setup.ModelName);
            }
            catch (Exception e) when (e is HttpRequestException or EmbeddingEndpointException or InvalidOperationException)
            {
                // A dead endpoint: group by words rather than not at all.
            }
        }
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        return ([.. texts.Select(t => GapClusterer.WordVector(t, vocabulary))], "words");
    }

    private static List<DayCount> PerDay(IReadOnlyList<LoggedQuestion> questions, DateTimeOffset from, DateTimeOffset now)
    {
        var first = DateOnly.FromDateTime((questions.Count > 0 && questions[0].Time > from ? questions[0].Time : from).UtcDateTime);
        var last = DateOnly.FromDateTime(now.UtcDateTime);
        if (last.DayNumber - first.DayNumber > 365) first = last.AddDays(-365);
        var byDay = questions.GroupBy(q => DateOnly.FromDateTime(q.Time.UtcDateTime)).ToDictionary(g => g.Key, g => (g.Count(q => q.Answered), g.Count(q => !q.Answered)));
        var days = new List<DayCount>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            var (a, r) = byDay.GetValueOrDefault(d);
            days.Add(new DayCount(d, a, r));
        }
        return days;
    }

    private static List<RatedAnswer> Rated(IReadOnlyList<LoggedQuestion> questions, IReadOnlyList<StoredRating> ratings)
    {
        var byId = questions.ToDictionary(q => q.Id);
        var list = new List<RatedAnswer>();
        foreach (var group in ratings.GroupBy(r => r.QuestionId))
        {
            if (!byId.TryGetValue(group.Key, out var q)) continue;
            var ordered = group.OrderByDescending(r => r.ByAsker).ThenBy(r => r.Time).ToList();
            var score = ordered.Sum(r => (int)r.Rating * (r.ByAsker ? 2 : 1));
            var bad = ordered.Where(r => r.Rating == FeedbackRating.Bad).ToList();
            list.Add(new RatedAnswer(q.Time, q.FrontEnd, q.Question, q.Answered, q.Document, q.Paragraph, q.Confidence, score,
                bad.Select(r => r.Reason).FirstOrDefault(r => r is not null),
                [.. ordered.Select(r => new RatingEntry(r.Rating, r.ByAsker, r.Reason, r.Time))],
                bad.Select(r => r.Quotes).FirstOrDefault(x => x.Count > 0) ?? []));
        }
        return list;
    }
}
