namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The named slots of one feature vector, in the order a model's weights (or tree splits) address them. Code reads and
/// writes slots through the named index constants of <see cref="CandidateFeature"/> and <see cref="AbstentionFeature"/>;
/// this is their single list of names, checked against the constants when built and against a model file's
/// <c>features</c> when the model is loaded.
/// </summary>
public sealed class FeatureSet
{
    private readonly string[] _names;

    private FeatureSet(string name, string[] names)
    {
        Name = name;
        _names = names;
    }

    /// <summary>What the set feeds ("ranker", "abstainer"), for error messages.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Length;

    /// <summary>
    /// A set from (index, name) pairs listed in slot order; throws when an index is not its position, so a named constant
    /// that drifts from the list fails at start-up rather than scoring the wrong slot.
    /// </summary>
    internal static FeatureSet Define(string name, IEnumerable<(int Index, string Name)> slots)
    {
        var list = slots.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Index != i)
                throw new InvalidOperationException($"The {name} feature \"{list[i].Name}\" is declared at index {list[i].Index} but listed at position {i}.");
        }
        var names = list.Select(s => s.Name).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new InvalidOperationException($"The {name} features repeat a name.");
        return new FeatureSet(name, names);
    }

    /// <summary>Index of a named feature; throws for a name the set does not have.</summary>
    public int IndexOf(string feature)
    {
        int i = Array.IndexOf(_names, feature);
        return i >= 0 ? i : throw new ArgumentException($"The {Name} features have no \"{feature}\".", nameof(feature));
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="stored"/> (a model file's feature names) are this
    /// set's names in this order: weights are paired with features by position, so any difference would score silently wrong.
    /// </summary>
    public void Verify(IReadOnlyList<string> stored, string model)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.SequenceEqual(_names, StringComparer.Ordinal)) return;
        int at = 0;
        while (at < stored.Count && at < _names.Length && string.Equals(stored[at], _names[at], StringComparison.Ordinal)) at++;
        string Describe(IReadOnlyList<string> xs) => at < xs.Count ? $"\"{xs[at]}\"" : "nothing";
        throw new InvalidDataException(
            $"{model} was trained on other {Name} features than this build computes: at position {at} it has {Describe(stored)} where the code has {Describe(_names)} " +
            $"({stored.Count} features stored, {_names.Length} computed). Retrain it (src/Bot.Core/Answering/Ranking/Models/README.md).");
    }
}
