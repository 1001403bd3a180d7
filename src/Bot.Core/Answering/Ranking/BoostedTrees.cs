using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// A binary classifier of gradient-boosted depth-2 trees over raw features, trained offline by tools/Bot.Train and
/// shipped as an embedded resource. Trees catch what a linear model cannot (e.g. a strong sentence match only counts
/// when the question's names are in the corpus). <see cref="Threshold"/> is the decision threshold; <see cref="NewsThreshold"/>,
/// when the file has one, the threshold for a best sentence from a document read as wire-style news.
/// </summary>
public sealed record BoostedTrees(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("bias")] double Bias,
    [property: JsonPropertyName("trees")] IReadOnlyList<BoostedTree> Trees,
    [property: JsonPropertyName("threshold")] double Threshold = 0.5,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("newsThreshold"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NewsThreshold = null)
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    public double Score(ReadOnlySpan<double> x)
    {
        double s = Bias;
        foreach (var t in Trees) s += t.Evaluate(x);
        return s;
    }

    public double Probability(ReadOnlySpan<double> x) => 1 / (1 + Math.Exp(-Score(x)));

    /// <summary>
    /// Reads a model file and checks it against the feature set the code computes for it (<paramref name="source"/> names
    /// the file in the error): the trees split on features by index, so stored names that differ from the code's fail here.
    /// </summary>
    public static BoostedTrees Read(Stream stream, FeatureSet features, string source)
    {
        ArgumentNullException.ThrowIfNull(features);
        var model = JsonSerializer.Deserialize(stream, RankingModelJson.Default.BoostedTrees) ?? throw new InvalidDataException($"{source} is empty.");
        features.Verify(model.Features, source);
        if (model.Trees.Any(t => t.Feature.Count != 3 || t.Split.Count != 3 || t.Leaves.Count != 4 || t.Feature.Any(f => f < 0 || f >= features.Count)))
            throw new InvalidDataException($"{source} has a tree that is not a depth-2 tree over its {features.Count} features.");
        return model;
    }

    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);
}
