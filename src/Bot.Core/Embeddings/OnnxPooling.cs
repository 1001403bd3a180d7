using Bot.Core.Search.Vectors;
using System.Numerics.Tensors;

namespace Bot.Core.Embeddings;

/// <summary>
/// Turns a model's output tensor into unit-length vectors: one per text (mean over the attention mask, or [CLS]), the
/// model's own pooled output, or one per WordPiece for late interaction. Shapes are checked, because a wrong export
/// would otherwise give silently wrong vectors.
/// </summary>
internal static class OnnxPooling
{
    /// <summary>One vector per text from a [batch, sequence, dim] output.</summary>
    public static float[][] Pool(ReadOnlySpan<float> hidden, long[] shape, int batchSize, int seqLength, long[] mask, PoolingMode pooling, string outputName)
    {
        var dim = TokenDimension(shape, batchSize, seqLength, outputName);
        var result = new float[batchSize][];
        for (var b = 0; b < batchSize; b++)
        {
            var vector = new float[dim];
            if (pooling == PoolingMode.Cls)
            {
                hidden.Slice(b * seqLength * dim, dim).CopyTo(vector);
            }
            else
            {
                var count = 0;
                for (var t = 0; t < seqLength; t++)
                {
                    if (mask[(b * seqLength) + t] != 0)
                    {
                        TensorPrimitives.Add(vector, hidden.Slice(((b * seqLength) + t) * dim, dim), vector);
                        count++;
                    }
                }

                TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
            }

            VectorIndex.Normalize(vector);
            result[b] = vector;
        }

        return result;
    }

    /// <summary>
    /// The mean of row <paramref name="row"/>'s token outputs at positions [<paramref name="from"/>, <paramref name="to"/>),
    /// normalised: over a whole text's unpadded positions, exactly what <see cref="Pool"/> gives it (same order of sums).
    /// </summary>
    public static float[] Mean(ReadOnlySpan<float> hidden, long[] shape, int batchSize, int seqLength, int row, int from, int to, string outputName)
    {
        var dim = TokenDimension(shape, batchSize, seqLength, outputName);
        if (from < 0 || to > seqLength || to <= from) throw new ArgumentOutOfRangeException(nameof(to), $"Positions [{from}, {to}) of a sequence of {seqLength}.");
        var vector = new float[dim];
        for (var t = from; t < to; t++)
        {
            TensorPrimitives.Add(vector, hidden.Slice(((row * seqLength) + t) * dim, dim), vector);
        }

        TensorPrimitives.Divide(vector, to - from, vector);
        VectorIndex.Normalize(vector);
        return vector;
    }

    /// <summary>One vector per text from a model that pools itself ([batch, dim] output).</summary>
    public static float[][] Pooled(ReadOnlySpan<float> pooled, long[] shape, int batchSize, string outputName)
    {
        if (shape.Length != 2 || shape[0] != batchSize)
        {
            throw new EmbeddingModelException($"Model output '{outputName}' has shape [{string.Join(", ", shape)}]; expected [{batchSize}, dim].");
        }

        var dim = checked((int)shape[1]);
        var result = new float[batchSize][];
        for (var b = 0; b < batchSize; b++)
        {
            result[b] = pooled.Slice(b * dim, dim).ToArray();
            VectorIndex.Normalize(result[b]);
        }

        return result;
    }

    /// <summary>Each text's token vectors from a [batch, sequence, dim] output, [CLS] and [SEP] left out.</summary>
    public static TokenVectors[] Tokens(ReadOnlySpan<float> hidden, long[] shape, IReadOnlyList<int>[] batch, int seqLength, string outputName)
    {
        var dim = TokenDimension(shape, batch.Length, seqLength, outputName);
        var result = new TokenVectors[batch.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            // Positions 1 .. Count-2: the text's own WordPieces, without [CLS] and [SEP].
            var n = Math.Max(0, batch[b].Count - 2);
            var vectors = new float[n * dim];
            var ids = new int[n];
            for (var t = 0; t < n; t++)
            {
                var slice = vectors.AsSpan(t * dim, dim);
                hidden.Slice(((b * seqLength) + t + 1) * dim, dim).CopyTo(slice);
                VectorIndex.Normalize(slice);
                ids[t] = batch[b][t + 1];
            }

            result[b] = new TokenVectors(ids, vectors, dim);
        }

        return result;
    }

    private static int TokenDimension(long[] shape, int batchSize, int seqLength, string outputName)
    {
        if (shape.Length != 3 || shape[0] != batchSize || shape[1] != seqLength)
        {
            throw new EmbeddingModelException($"Model output '{outputName}' has shape [{string.Join(", ", shape)}]; expected [{batchSize}, {seqLength}, dim].");
        }

        return checked((int)shape[2]);
    }
}
