using System.Security.Cryptography;
using System.Text;
using Bot.Core.Embeddings;

namespace Bot.Core.Tests.Embeddings;

[Integration(TestCategory.Server)]
public sealed class ModelDownloaderTests : IDisposable
{
    private static readonly byte[] FakeModel = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
    private static readonly byte[] FakeVocab = Encoding.UTF8.GetBytes("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
    private static readonly byte[] FakePooling = Encoding.UTF8.GetBytes("{\"pooling_mode_mean_tokens\": true}");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bot-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Serves the all-MiniLM-L6-v2 layout: model, vocabulary and pooling config; the other optional files are 404.</summary>
    private static LoopbackHttpServer HuggingFaceLike(Func<RecordedRequest, byte[]?>? overrideBody = null) => new(async (request, response) =>
    {
        const string prefix = "/mirror/sentence-transformers/all-MiniLM-L6-v2/resolve/main/";
        byte[]? body = request.Path switch
        {
            prefix + "onnx/model.onnx" => FakeModel,
            prefix + "vocab.txt" => FakeVocab,
            prefix + "1_Pooling/config.json" => FakePooling,
            _ => null,
        };
        body = overrideBody?.Invoke(request) ?? body;
        if (body is null)
        {
            await LoopbackHttpServer.WriteAsync(response, 404, "Entry not found", "text/plain");
        }
        else
        {
            await LoopbackHttpServer.WriteAsync(response, 200, body);
        }
    });

    [Fact]
    public async Task Pull_downloads_the_known_files_into_the_model_folder()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "mirror");

        var result = await downloader.PullAsync("all-MiniLM-L6-v2", cancellationToken: TestTimeout.Token());

        Assert.Equal(Path.Combine(_root, "all-MiniLM-L6-v2"), result.Folder);
        Assert.Equal(FakeModel, await File.ReadAllBytesAsync(Path.Combine(result.Folder, "model.onnx"), TestTimeout.Token()));
        Assert.Equal(FakeVocab, await File.ReadAllBytesAsync(Path.Combine(result.Folder, "vocab.txt"), TestTimeout.Token()));
        Assert.Equal(FakePooling, await File.ReadAllBytesAsync(Path.Combine(result.Folder, "1_Pooling", "config.json"), TestTimeout.Token()));
        Assert.Equal(["1_Pooling/config.json", "vocab.txt", "model.onnx"], result.Downloaded);
        Assert.Contains("config.json", result.NotAvailable);
        Assert.Empty(Directory.EnumerateFiles(result.Folder, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_pull_deletes_parts_left_by_an_interrupted_pull_but_not_one_still_being_written()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var folder = Path.Combine(_root, "all-MiniLM-L6-v2");
        Directory.CreateDirectory(Path.Combine(folder, "1_Pooling"));
        var stale = Path.Combine(folder, ".model.onnx.0123456789abcdef.part");
        var staleNested = Path.Combine(folder, "1_Pooling", ".config.json.fedcba9876543210.part");
        var fresh = Path.Combine(folder, ".vocab.txt.00112233445566778899aabbccddeeff.part");
        foreach (var part in new[] { stale, staleNested, fresh }) await File.WriteAllTextAsync(part, "half a file", TestTimeout.Token());
        foreach (var part in new[] { stale, staleNested }) File.SetLastWriteTimeUtc(part, DateTime.UtcNow.AddDays(-2));

        await new ModelDownloader(http, _root, server.BaseUri + "mirror").PullAsync("all-MiniLM-L6-v2", cancellationToken: TestTimeout.Token());

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleNested));
        Assert.True(File.Exists(fresh)); // may belong to a pull another process is running now
    }

    [Fact]
    public async Task A_second_pull_keeps_files_already_present_unless_forced()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "mirror");
        await downloader.PullAsync("all-minilm-l6-v2", cancellationToken: TestTimeout.Token());
        var modelRequests = server.Requests.Count(r => r.Path.EndsWith("model.onnx", StringComparison.Ordinal));

        var again = await downloader.PullAsync("all-MiniLM-L6-v2", cancellationToken: TestTimeout.Token());
        Assert.Contains("model.onnx", again.AlreadyPresent);
        Assert.Equal(modelRequests, server.Requests.Count(r => r.Path.EndsWith("model.onnx", StringComparison.Ordinal)));

        var forced = await downloader.PullAsync("all-MiniLM-L6-v2", force: true, cancellationToken: TestTimeout.Token());
        Assert.Contains("model.onnx", forced.Downloaded);
    }

    [Fact]
    public async Task A_checksum_mismatch_fails_and_leaves_no_file_behind()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "mirror");
        var model = KnownEmbeddingModels.AllMiniLmL6V2 with
        {
            Files = [new ModelFile("onnx/model.onnx", "model.onnx", Sha256: Convert.ToHexStringLower(SHA256.HashData("something else"u8)))],
        };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.PullAsync(model, cancellationToken: TestTimeout.Token()));

        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "all-MiniLM-L6-v2", "model.onnx")));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_matching_size_and_checksum_is_accepted()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "mirror");
        var model = KnownEmbeddingModels.AllMiniLmL6V2 with
        {
            Files = [new ModelFile("onnx/model.onnx", "model.onnx", ExpectedBytes: FakeModel.Length, Sha256: Convert.ToHexStringLower(SHA256.HashData(FakeModel)))],
        };

        var result = await downloader.PullAsync(model, cancellationToken: TestTimeout.Token());

        Assert.Equal(["model.onnx"], result.Downloaded);
    }

    [Fact]
    public async Task A_wrong_size_is_reported()
    {
        await using var server = HuggingFaceLike();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "mirror");
        var model = KnownEmbeddingModels.AllMiniLmL6V2 with { Files = [new ModelFile("vocab.txt", "vocab.txt", ExpectedBytes: 12)] };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.PullAsync(model, cancellationToken: TestTimeout.Token()));

        Assert.Contains($"{FakeVocab.Length} bytes, expected 12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_file_names_the_url()
    {
        await using var server = HuggingFaceLike(r => r.Path.EndsWith("vocab.txt", StringComparison.Ordinal) ? null : []);
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root, server.BaseUri + "wrong-mirror");

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.PullAsync("all-MiniLM-L6-v2", cancellationToken: TestTimeout.Token()));

        Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/wrong-mirror/sentence-transformers/all-MiniLM-L6-v2/resolve/main/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_source_says_the_machine_may_be_offline()
    {
        using var http = new HttpClient();
        using var dead = new DeadPort();
        var downloader = new ModelDownloader(http, _root, $"http://127.0.0.1:{dead.Port}");

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.PullAsync("bge-small-en-v1.5", cancellationToken: TestTimeout.Token()));

        Assert.Contains("may be offline", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Embeddings:ModelSourceUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_lists_the_known_models()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root);

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.PullAsync("gpt-embeddings", cancellationToken: TestTimeout.Token()));

        Assert.Contains("all-MiniLM-L6-v2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bge-small-en-v1.5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_ids_resolve_to_their_own_cache_folder()
    {
        var model = ModelDownloader.Resolve("intfloat/e5-small-v2");

        Assert.Equal("intfloat/e5-small-v2", model.Repository);
        Assert.Equal(Path.Combine("data", "models", "intfloat--e5-small-v2"), ModelDownloader.ModelFolder("data", "intfloat/e5-small-v2"));
        Assert.Equal(Path.Combine("data", "models", "bge-small-en-v1.5"), ModelDownloader.ModelFolder("data", "BGE-small-en-v1.5"));
        Assert.False(ModelDownloader.IsValidModelName("../etc"));
        Assert.False(ModelDownloader.IsValidModelName("a/b/c"));
    }

    [Fact]
    public void File_urls_follow_the_hugging_face_resolve_layout()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, _root);

        var url = downloader.FileUrl(KnownEmbeddingModels.BgeSmallEnV15, KnownEmbeddingModels.BgeSmallEnV15.Files.Single(f => f.LocalPath == "model.onnx"));

        Assert.Equal("https://huggingface.co/BAAI/bge-small-en-v1.5/resolve/main/onnx/model.onnx", url.ToString());
    }
}
