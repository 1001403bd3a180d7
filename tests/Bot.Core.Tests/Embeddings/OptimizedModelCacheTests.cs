using Bot.Core.Embeddings;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Embeddings;

public sealed class OptimizedModelCacheTests
{
    private static readonly int[] CatIds = [2, TinyBertModel.Id("the"), TinyBertModel.Id("cat"), 3];

    private static string[] OptimizedCopies(string folder) => Directory.GetFiles(folder, "model.onnx.optimized-*.onnx");

    /// <summary>Embeds "the cat" (writing the optimised copy) and checks that only that copy is left and <paramref name="leftovers"/> are gone.</summary>
    private static async Task<float[]> EmbedCatLeavingOnlyTheNewCopy(string folder, params string[] leftovers)
    {
        var vector = await EmbedCat(folder);
        Assert.Single(OptimizedCopies(folder));
        foreach (var leftover in leftovers) Assert.False(File.Exists(leftover), leftover);
        return vector;
    }

    private static async Task<float[]> EmbedCat(string folder, ILogger<OnnxEmbeddingGenerator>? logger = null)
    {
        using var generator = new OnnxEmbeddingGenerator(folder, logger: logger);
        var result = await generator.GenerateAsync(["the cat"], cancellationToken: TestTimeout.Token());
        return result[0].Vector.ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5f, $"dimension {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public async Task The_first_load_keeps_the_optimised_graph_and_later_loads_embed_alike_from_it()
    {
        using var model = TinyBertModel.Create();
        var first = await EmbedCat(model.Folder);
        var copy = Assert.Single(OptimizedCopies(model.Folder));
        var written = File.GetLastWriteTimeUtc(copy);

        var second = await EmbedCat(model.Folder);

        AssertClose(TinyBertModel.Expected(CatIds, cls: false), first);
        AssertClose(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(OptimizedCopies(model.Folder)))); // read, not rewritten
        Assert.Empty(Directory.GetFiles(model.Folder, "*.part"));
    }

    [Fact]
    public async Task A_damaged_optimised_copy_is_replaced_and_the_model_still_embeds()
    {
        using var model = TinyBertModel.Create();
        await EmbedCat(model.Folder);
        var copy = Assert.Single(OptimizedCopies(model.Folder));
        await File.WriteAllTextAsync(copy, "not a model", TestTimeout.Token());

        var vector = await EmbedCat(model.Folder);

        AssertClose(TinyBertModel.Expected(CatIds, cls: false), vector);
        Assert.NotEqual("not a model", await File.ReadAllTextAsync(Assert.Single(OptimizedCopies(model.Folder)), TestTimeout.Token()));
    }

    [Fact]
    public async Task A_replaced_model_gets_its_own_optimised_copy_and_the_old_one_goes()
    {
        using var model = TinyBertModel.Create();
        await EmbedCat(model.Folder);
        var old = Assert.Single(OptimizedCopies(model.Folder));
        File.SetLastWriteTimeUtc(Path.Combine(model.Folder, "model.onnx"), DateTime.UtcNow.AddMinutes(5)); // as a new download would

        await EmbedCat(model.Folder);

        Assert.NotEqual(old, Assert.Single(OptimizedCopies(model.Folder)));
    }

    [Fact]
    public async Task Copies_in_the_earlier_formats_are_deleted_when_the_new_copy_is_written()
    {
        using var model = TinyBertModel.Create();
        var earlierOrt = Path.Combine(model.Folder, "model.onnx.optimized-0123456789abcdef.ort");
        var earlierOnnx = Path.Combine(model.Folder, "model.onnx.optimized-fedcba9876543210.onnx");
        File.Copy(Path.Combine(model.Folder, "model.onnx"), earlierOrt);
        File.Copy(Path.Combine(model.Folder, "model.onnx"), earlierOnnx);

        var vector = await EmbedCatLeavingOnlyTheNewCopy(model.Folder, earlierOrt, earlierOnnx);

        AssertClose(TinyBertModel.Expected(CatIds, cls: false), vector);
    }

    [Fact]
    public async Task What_a_writer_killed_half_way_left_is_deleted_when_the_copy_is_written()
    {
        using var model = TinyBertModel.Create();
        var part = Path.Combine(model.Folder, "model.onnx.optimized-0123456789abcdef.onnx.0f0f.part");
        var orphan = Path.Combine(model.Folder, "model.onnx.optimized-0123456789abcdef.0f0f.data");
        await File.WriteAllTextAsync(part, "half a graph", TestTimeout.Token());
        await File.WriteAllTextAsync(orphan, "half the weights", TestTimeout.Token());

        await EmbedCatLeavingOnlyTheNewCopy(model.Folder, part, orphan);
    }

    [Fact]
    public async Task While_another_process_writes_the_copy_the_model_loads_as_it_is_and_nothing_is_written()
    {
        using var model = TinyBertModel.Create();
        using (new FileStream(Path.Combine(model.Folder, "model.onnx.optimized.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var vector = await EmbedCat(model.Folder);

            AssertClose(TinyBertModel.Expected(CatIds, cls: false), vector);
            Assert.Empty(OptimizedCopies(model.Folder));
        }

        await EmbedCat(model.Folder); // the writer gone, the next load writes it
        Assert.Single(OptimizedCopies(model.Folder));
    }

    [Fact]
    public void The_cpu_identity_in_the_key_names_the_architecture_and_on_linux_the_processor_flags()
    {
        var identity = OptimizedModelCache.CpuIdentity();

        Assert.StartsWith(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), identity, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
            Assert.Contains("flags", identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_cache_nothing_is_written_beside_the_model()
    {
        using var model = TinyBertModel.Create();
        using (var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { CacheOptimizedModel = false }))
            await generator.GenerateAsync(["the cat"], cancellationToken: TestTimeout.Token());
        Assert.Empty(OptimizedCopies(model.Folder));
    }

    [Fact]
    public async Task A_folder_that_cannot_take_the_copy_runs_the_model_uncached_with_one_warning()
    {
        using var model = TinyBertModel.Create();
        // Root can write a read-only folder: a directory where the lock file goes makes its creation fail the same way.
        Directory.CreateDirectory(OptimizedModelCache.LockPathFor(Path.Combine(model.Folder, "model.onnx")));
        using var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));

        var vector = await EmbedCat(model.Folder, loggers.CreateLogger<OnnxEmbeddingGenerator>());

        AssertClose(TinyBertModel.Expected(CatIds, cls: false), vector);
        Assert.Empty(OptimizedCopies(model.Folder));
        var warning = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Contains("running the model uncached", warning.Text, StringComparison.Ordinal);
        Assert.Contains(model.Folder, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_writer_at_work_is_no_warning()
    {
        using var model = TinyBertModel.Create();
        using var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        using (new FileStream(OptimizedModelCache.LockPathFor(Path.Combine(model.Folder, "model.onnx")), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            await EmbedCat(model.Folder, loggers.CreateLogger<OnnxEmbeddingGenerator>());
        }

        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Loads_racing_over_a_damaged_copy_leave_one_whole_copy_that_the_next_load_reads_as_it_is()
    {
        using var model = TinyBertModel.Create();
        await EmbedCat(model.Folder);
        var copy = Assert.Single(OptimizedCopies(model.Folder));
        for (var round = 0; round < 3; round++)
        {
            await File.WriteAllTextAsync(copy, "not a model", TestTimeout.Token());
            using var start = new Barrier(4);

            // Each load fails on the damaged copy without the lock; only the one holding it may delete and replace it, so
            // no load deletes a copy another has just written.
            var vectors = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait(TestTimeout.Token());
                return await EmbedCat(model.Folder);
            })));

            foreach (var vector in vectors) AssertClose(TinyBertModel.Expected(CatIds, cls: false), vector);
            Assert.Equal(copy, Assert.Single(OptimizedCopies(model.Folder)));
            Assert.Empty(Directory.GetFiles(model.Folder, "model.onnx.optimized-*.data")); // the tiny model's weights are all under the side file's 1 KB
            Assert.Empty(Directory.GetFiles(model.Folder, "*.part"));
            var written = File.GetLastWriteTimeUtc(copy);
            await EmbedCat(model.Folder);
            Assert.Equal(written, File.GetLastWriteTimeUtc(copy)); // whole: read, not written again
        }
    }

    [Fact]
    public void The_lock_file_stays_after_the_copy_is_written_and_is_empty()
    {
        using var model = TinyBertModel.Create();
        var modelPath = Path.Combine(model.Folder, "model.onnx");
        using (OptimizedModelCache.CreateSession(modelPath, () => new Microsoft.ML.OnnxRuntime.SessionOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)) { }

        // Kept on purpose (ModelCacheLock): deleting it on release would let two writers hold "the" lock at once.
        Assert.Equal(0, new FileInfo(OptimizedModelCache.LockPathFor(modelPath)).Length);
        Assert.Single(OptimizedCopies(model.Folder));
    }

    [Fact]
    public void A_folder_is_flushed_after_a_rename_into_it()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "file.bin");

        Assert.True(AtomicFile.Write(path, s => s.Write([1, 2, 3])));
        Assert.True(AtomicFile.FlushFolder(folder.Path));
        Assert.False(AtomicFile.FlushFolder(Path.Combine(folder.Path, "missing")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }
}
