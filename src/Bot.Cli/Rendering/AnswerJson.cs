using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Answering;

namespace Bot.Cli.Rendering;

/// <summary>The `--json` shape of an answer (schema in README.md).</summary>
public static class AnswerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return JsonSerializer.Serialize(new
        {
            question = answer.Question,
            answered = answer.Answered,
            text = answer.Answered ? answer.Text : Answer.NotFoundText,
            note = answer.Note,
            confidence = Math.Round(answer.Confidence, 4),
            quotes = answer.Quotes.Select(Quote),
            closest = answer.Closest.Select(Quote),
        }, Options);
    }

    public static string Error(string question, string message) =>
        JsonSerializer.Serialize(new { question, answered = false, error = message, quotes = Array.Empty<object>() }, Options);

    private static object Quote(Quote q) => new
    {
        text = q.Text, title = q.Title, path = q.Path, paragraph = q.Paragraph, page = q.Page, start = q.Start, end = q.End, score = q.Score,
        url = q.Url, source = q.Source, date = q.Date,
    };
}
