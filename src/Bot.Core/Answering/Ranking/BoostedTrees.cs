using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// A binary classifier of gradient-boosted depth-2 trees over raw features, trained offline by tools/Bot.Train and
/// shipped as an embedded resource. Trees catch what a linear model cannot (e.g. a strong sentence match only counts
/// when the question's names are in the corpus). <see cref="Threshold"/> is the decision threshold.
/// </summary>
public sealed record BoostedTrees(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("bias")] double Bias,
    [property: JsonPropertyName("trees")] IReadOnlyList<BoostedTree> Trees,
    [property: JsonPropertyName("threshold")] double Threshold = 0.5,
    [property: JsonPropertyName("note")] string? Note = null)
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    public double Score(ReadOnlySpan<double> x)
    {
        double s = Bias;
        foreach (var t in Trees) s += t.Evaluate(x);
        return s;
    }

    public double Probability(ReadOnlySpan<double> x) => 1 / (1 + Math.Exp(-Score(x)));

    public static BoostedTrees Read(Stream stream) =>
        JsonSerializer.Deserialize<BoostedTrees>(stream) ?? throw new InvalidDataException("empty model file");

    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);
}
