namespace Bot.Core.Embeddings;

/// <summary>A local embedding model cannot be loaded or run; the message names the folder or file and what to do.</summary>
public sealed class EmbeddingModelException : Exception
{
    public EmbeddingModelException()
    {
    }

    public EmbeddingModelException(string message)
        : base(message)
    {
    }

    public EmbeddingModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
