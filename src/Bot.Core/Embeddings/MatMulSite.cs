namespace Bot.Core.Embeddings;

/// <summary>
/// A MatMul by a weight matrix that <see cref="Int8Quantizer"/> may quantise: its place among them in graph order and
/// the weight's shape [<paramref name="Rows"/>, <paramref name="Columns"/>]. In a BERT encoder each layer has six, in
/// order: the query, key and value projections and the attention output (hidden × hidden), then the feed-forward
/// layer's intermediate (hidden × 4·hidden) and output (4·hidden × hidden) dense layers.
/// </summary>
internal readonly record struct MatMulSite(int Index, int Rows, int Columns)
{
    /// <summary>The feed-forward layer's intermediate dense (widening) MatMul.</summary>
    public bool IsFeedForwardIn => Columns > Rows;

    /// <summary>The feed-forward layer's output dense (narrowing) MatMul.</summary>
    public bool IsFeedForwardOut => Rows > Columns;

    /// <summary>The encoder layer it belongs to (six MatMuls a layer).</summary>
    public int Layer => Index / 6;
}
