using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// A linear model over standardised features, trained offline by tools/Bot.Train and shipped as an embedded resource.
/// <see cref="Threshold"/> is the decision threshold of a classifier (unused by a ranker). <see cref="EmbeddingModel"/> is
/// the embedding model (EmbeddingSetup.ModelKey) whose vector features the model was trained on, if any: other models'
/// cosines are distributed differently, so the vector models are used only with that one.
/// </summary>
public sealed record LinearModel(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("means")] IReadOnlyList<double> Means,
    [property: JsonPropertyName("scales")] IReadOnlyList<double> Scales,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("bias")] double Bias,
    [property: JsonPropertyName("threshold")] double Threshold = 0.5,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("embeddingModel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EmbeddingModel = null)
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    public double Score(ReadOnlySpan<double> x)
    {
        double s = Bias;
        for (int i = 0; i < Weights.Count && i < x.Length; i++) s += Weights[i] * (x[i] - Means[i]) / Scales[i];
        return s;
    }

    public double Probability(ReadOnlySpan<double> x) => 1 / (1 + Math.Exp(-Score(x)));

    public static LinearModel Read(Stream stream) =>
        JsonSerializer.Deserialize<LinearModel>(stream) ?? throw new InvalidDataException("empty model file");

    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);
}
