using System.Text;

namespace Bot.Core.Evaluation;

/// <summary>Does a text contain a gold answer? Case-insensitive, with whitespace runs and quote marks normalised.</summary>
public static class GoldAnswers
{
    public static bool ContainsAny(string text, IReadOnlyList<string> answers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0) return false;
        var t = Normalize(text);
        foreach (var a in answers)
        {
            var n = Normalize(a);
            if (n.Length > 0 && t.Contains(n, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Lower case, one space for any whitespace run, straight quote marks, trimmed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch switch
            {
                '‘' or '’' or '‚' or '‛' or '′' or '`' or '´' => '\'',
                '“' or '”' or '„' or '‟' or '″' or '«' or '»' => '"',
                _ => char.ToLowerInvariant(ch),
            });
        }
        return sb.ToString();
    }
}
