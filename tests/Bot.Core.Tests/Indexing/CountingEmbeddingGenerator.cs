using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// A fake embedding model: deterministic unit vectors from the text's hash (with <paramref name="salt"/> before it, so two
/// fakes can stand for two models); counts calls and texts; can be told to fail.
/// </summary>
internal sealed class CountingEmbeddingGenerator(int dimensions = 8, string salt = "") : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public List<string> Embedded { get; } = [];

    public bool Fail { get; set; }

    public static float[] VectorFor(string text, int dimensions = 8)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var v = new float[dimensions];
        for (int i = 0; i < dimensions; i++) v[i] = (hash[i] - 127.5f) / 128f;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (int i = 0; i < dimensions; i++) v[i] /= norm;
        return v;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Fail) throw new HttpRequestException("embedding endpoint unreachable (fake)");
        var list = values.ToList();
        Calls++;
        Embedded.AddRange(list);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(t => new Embedding<float>(VectorFor(salt + t, dimensions)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
