namespace Bot.Core.Embeddings;

/// <summary>Where embeddings come from (<c>Bot:Embeddings:Provider</c>).</summary>
public enum EmbeddingProvider
{
    /// <summary>No embeddings: lexical retrieval only (the default).</summary>
    None = 0,

    /// <summary>A local BERT-family ONNX model folder (model.onnx + vocab.txt).</summary>
    Onnx = 1,

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, …).</summary>
    OpenAI = 2,
}
