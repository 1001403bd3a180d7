namespace Bot.Core.Embeddings;

/// <summary>How token vectors become one sentence vector.</summary>
public enum PoolingMode
{
    /// <summary>Average of the token vectors where the attention mask is 1 (sentence-transformers' mean pooling; all-MiniLM-L6-v2).</summary>
    Mean = 0,

    /// <summary>The vector of the first token, [CLS] (bge-small-en-v1.5).</summary>
    Cls = 1,
}
