using System.Globalization;
using System.Text.Json;

namespace Bot.Core.Evaluation;

/// <summary>
/// Reads an evaluation questions file, one JSON object a line, in either of the two formats the project evaluates on:
/// SQuAD-style (`id`, `question`, `doc`, `paragraph`, `answers`, `answerable`) or news-dev-style (`q`, `expect`, `doc`,
/// `kind`, `abstain`). A line may mix them; what a line lacks takes its default (id = line number, answerable = it has
/// answers).
/// </summary>
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
                list.Add(Parse(line, lineNumber));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a question object ({e.Message})", e);
            }
        }
        return list;
    }

    /// <summary>One line; throws <see cref="FormatException"/> (or a JSON exception) when it is not a question.</summary>
    public static EvalQuestion Parse(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("a line must be a JSON object");
        var text = String(root, "question") ?? String(root, "q") ?? throw new FormatException("it has neither \"question\" nor \"q\"");
        var answers = Strings(root, "answers") ?? Strings(root, "expect") ?? [];
        bool answerable = root.TryGetProperty("answerable", out var ans) ? ans.GetBoolean()
            : root.TryGetProperty("abstain", out var abstain) ? !abstain.GetBoolean()
            : answers.Count > 0;
        if (answerable && answers.Count == 0) throw new FormatException("an answerable question needs \"answers\" or \"expect\"");
        return new EvalQuestion(
            String(root, "id") ?? lineNumber.ToString(CultureInfo.InvariantCulture),
            text,
            String(root, "doc") ?? "",
            root.TryGetProperty("paragraph", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0,
            answers,
            answerable,
            String(root, "kind") is { Length: > 0 } kind ? kind : null);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string>? Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
            : null;
}
