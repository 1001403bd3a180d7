using System.Text.RegularExpressions;

namespace Bot.Core.Answering;

/// <summary>
/// A question read once by <see cref="NearMiss.Parse"/>: the attribute it asks for and what it says of it ("Russian",
/// "ambassador", the counted words…), so that each candidate quote is tested without matching the question again.
/// </summary>
internal sealed class NearMissQuestion
{
    private readonly Match _match;
    private readonly Func<string, bool> _holds;

    internal NearMissQuestion(string name, Match match, Func<string, bool> holds)
    {
        Name = name;
        _match = match;
        _holds = holds;
    }

    /// <summary>The attribute asked for ("state", "count", "role", …).</summary>
    public string Name { get; }

    /// <summary>
    /// The attribute the quote does not hold (outside a leading concessive clause), said as the answer's note says it
    /// ("state", "Russian ambassador", "mayor"); null when the quote holds one.
    /// </summary>
    public string? Missing(string quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (_holds(NearMiss.WithoutConcession(quote))) return null;
        if (_match.Groups["nation"].Success) return $"{_match.Groups["nation"].Value} {_match.Groups["office"].Value.ToLowerInvariant()}";
        return _match.Groups["noun"].Success ? NearMiss.Singular(_match.Groups["noun"].Value).ToLowerInvariant() : Name;
    }
}
