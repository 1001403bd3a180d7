using Bot.Core.Chunking;
using Bot.Core.DependencyInjection;
using Bot.Core.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>What the model benches share: the articles chunked as the indexer does, and the core over the packaged model.</summary>
internal static class PackagedModel
{
    /// <summary>Every file of <paramref name="folder"/>, in name order, chunked with the default passage size.</summary>
    public static async Task<List<(string Name, ChunkedDocument Chunked)>> ChunkFolderAsync(string folder)
    {
        var chunker = new Chunker(160, 1);
        var documents = new List<(string, ChunkedDocument)>();
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            documents.Add((name, chunker.Chunk(await DocumentLoader.LoadAsync(file, name, 20 << 20, CancellationToken.None))));
        }
        return documents;
    }

    /// <summary>The core services with the packaged all-MiniLM-L6-v2 over <paramref name="data"/>; <paramref name="quantization"/> wins over <paramref name="int8"/>.</summary>
    public static ServiceProvider Services(string data, int? batchSize = null, string? modelPath = null, bool int8 = false, string? quantization = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:DataPath"] = data, ["Bot:SeedsPath"] = data, ["Bot:Embeddings:Provider"] = "onnx", ["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2",
            ["Bot:Embeddings:BatchSize"] = batchSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bot:Embeddings:ModelPath"] = modelPath,
            ["Bot:Embeddings:Quantization"] = quantization ?? (int8 ? "Int8" : null),
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
