using System.Net;

namespace Bot.Core.Embeddings;

/// <summary>An embeddings endpoint could not be used: unreachable, refused the key, unknown model, rate-limited too long, or answered nonsense.</summary>
public sealed class EmbeddingEndpointException : Exception
{
    public EmbeddingEndpointException()
    {
    }

    public EmbeddingEndpointException(string message)
        : base(message)
    {
    }

    public EmbeddingEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmbeddingEndpointException(string message, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the endpoint answered with; null when it could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }
}
