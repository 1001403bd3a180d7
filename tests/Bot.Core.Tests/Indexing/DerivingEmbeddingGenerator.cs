using Bot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// A fake model that derives span vectors (<see cref="ISpanEmbeddingGenerator"/>): a text's vector is
/// <see cref="CountingEmbeddingGenerator.VectorFor"/> of it, a span's that of "derived:" and the span's characters, so a
/// stored sentence vector shows both how it was made and that its span sliced exactly the sentence out of its passage.
/// </summary>
internal sealed class DerivingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ISpanEmbeddingGenerator
{
    private readonly CountingEmbeddingGenerator _separate = new();

    /// <summary>Texts embedded on their own (questions, separate sentences).</summary>
    public List<string> Embedded => _separate.Embedded;

    /// <summary>Passages run with their sentences.</summary>
    public List<string> Derived { get; } = [];

    public static float[] DerivedVectorFor(string span) => CountingEmbeddingGenerator.VectorFor("derived:" + span);

    public Task<IReadOnlyList<SpannedVectors>> GenerateWithSpansAsync(IReadOnlyList<SpannedText> texts, CancellationToken cancellationToken = default)
    {
        Derived.AddRange(texts.Select(t => t.Text));
        return Task.FromResult<IReadOnlyList<SpannedVectors>>(texts
            .Select(t => new SpannedVectors(CountingEmbeddingGenerator.VectorFor(t.Text), t.Spans.Select(s => DerivedVectorFor(t.Text[s.Start..s.End])).ToList()))
            .ToList());
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _separate.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _separate.Dispose();
}
