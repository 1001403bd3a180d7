using System.Text.Json.Serialization;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// One depth-2 regression tree: node 0 splits on <c>Feature[0] &lt; Split[0]</c>, then node 1 (left) or node 2 (right)
/// splits again; <see cref="Leaves"/> holds the four leaf values, left to right.
/// </summary>
public sealed record BoostedTree(
    [property: JsonPropertyName("f")] IReadOnlyList<int> Feature,
    [property: JsonPropertyName("t")] IReadOnlyList<double> Split,
    [property: JsonPropertyName("v")] IReadOnlyList<double> Leaves)
{
    public double Evaluate(ReadOnlySpan<double> x)
    {
        int node = x[Feature[0]] < Split[0] ? 1 : 2;
        int leaf = (node - 1) * 2 + (x[Feature[node]] < Split[node] ? 0 : 1);
        return Leaves[leaf];
    }
}
