using System.Data.Common;
using System.Text.Json;

namespace Bot.Core.Feedback;

/// <summary>Reading and writing rows the same way in both stores: times as Unix milliseconds, quotes as JSON.</summary>
internal static class FeedbackRows
{
    public const string QuestionColumns = "id, at_ms, front_end, question, answered, document, paragraph, confidence, asker";

    public const string RatingColumns = "question_id, at_ms, rating, by_asker, reason, quotes, rater";

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static LoggedQuestion ReadQuestion(DbDataReader r) => new(
        r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.GetString(3), Convert.ToInt64(r.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) != 0,
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
        r.GetDouble(7), r.GetString(8));

    public static StoredRating ReadRating(DbDataReader r) => new(
        r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        Convert.ToInt32(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) < 0 ? FeedbackRating.Bad : FeedbackRating.Good,
        Convert.ToInt64(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0,
        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? [] : QuotesFromJson(r.GetString(5)), r.GetString(6));

    public static object QuotesToJson(IReadOnlyList<RatedQuote> quotes) =>
        quotes.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(quotes, FeedbackJson.Options);

    private static IReadOnlyList<RatedQuote> QuotesFromJson(string json) =>
        JsonSerializer.Deserialize<List<RatedQuote>>(json, FeedbackJson.Options) ?? [];
}
