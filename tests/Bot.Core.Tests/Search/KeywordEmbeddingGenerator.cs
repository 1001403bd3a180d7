using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Search;

/// <summary>
/// A deterministic "semantic" model for tests: one dimension per concept, a text scores 1 on a concept when it holds
/// any of the concept's words — so "delist" and "removed from the list" can share meaning without sharing a word.
/// </summary>
internal sealed class KeywordEmbeddingGenerator(params string[][] concepts) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Exception? Failure { get; set; }

    public int Calls { get; private set; }

    public int Dimensions => concepts.Length;

    public float[] Embed(string text) => concepts
        .Select(words => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) ? 1f : 0f)
        .ToArray();

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Failure is not null)
        {
            throw Failure;
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
