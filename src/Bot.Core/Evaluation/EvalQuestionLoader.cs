using System.Text.Json;

namespace Bot.Core.Evaluation;

/// <summary>Reads an evaluation questions file: one JSON object a line (`id`, `question`, `doc`, `paragraph`, `answers`, `answerable`).</summary>
public static class EvalQuestionLoader
{
    public static async Task<IReadOnlyList<EvalQuestion>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The questions file '{path}' does not exist.", path);
        var list = new List<EvalQuestion>();
        int lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var answers = root.TryGetProperty("answers", out var a) && a.ValueKind == JsonValueKind.Array
                    ? a.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                    : [];
                list.Add(new EvalQuestion(
                    root.TryGetProperty("id", out var id) ? id.GetString() ?? lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    root.GetProperty("question").GetString() ?? "",
                    root.TryGetProperty("doc", out var d) ? d.GetString() ?? "" : "",
                    root.TryGetProperty("paragraph", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0,
                    answers,
                    root.TryGetProperty("answerable", out var ans) ? ans.GetBoolean() : answers.Count > 0));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a question object ({e.Message})", e);
            }
        }
        return list;
    }
}
