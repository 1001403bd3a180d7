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

    /// <summary>
    /// Reads a model file and checks it against the feature set the code computes for it (<paramref name="source"/> names
    /// the file in the error): the weights pair with features by position, so stored names that differ from the code's fail here.
    /// </summary>
    public static LinearModel Read(Stream stream, FeatureSet features, string source)
    {
        ArgumentNullException.ThrowIfNull(features);
        var model = JsonSerializer.Deserialize(stream, RankingModelJson.Default.LinearModel) ?? throw new InvalidDataException($"{source} is empty.");
        features.Verify(model.Features, source);
        if (model.Means.Count != features.Count || model.Scales.Count != features.Count || model.Weights.Count != features.Count)
            throw new InvalidDataException($"{source} has {model.Weights.Count} weights, {model.Means.Count} means and {model.Scales.Count} scales for {features.Count} features.");
        return model;
    }

    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);
}
