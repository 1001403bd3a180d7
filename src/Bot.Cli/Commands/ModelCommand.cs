using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot model pull NAME [--force]`: downloads a sentence-embedding model into the data folder's cache.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"A known model ({string.Join(", ", KnownEmbeddingModels.All.Select(m => m.Name))}) or an owner/repo" };
        var force = new Option<bool>("--force") { Description = "Download again even if the files are present" };
        var pull = new Command("pull", "Download an ONNX sentence-embedding model (needs internet; source: Bot:Embeddings:ModelSourceUrl)") { name, force };
        pull.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var bot = services.GetRequiredService<IOptions<BotOptions>>().Value;
            var embeddings = new EmbeddingOptions();
            services.GetRequiredService<IConfiguration>().GetSection(EmbeddingOptions.SectionName).Bind(embeddings);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            var downloader = new ModelDownloader(http, ModelDownloader.ModelsFolder(bot.DataPath), embeddings.ModelSourceUrl,
                services.GetRequiredService<ILogger<ModelDownloader>>());
            try
            {
                var result = await downloader.PullAsync(parse.GetValue(name)!, parse.GetValue(force), null, ct).ConfigureAwait(false);
                Consoles.Out.MarkupLine($"model [bold]{TerminalText.Markup(result.Model.Name)}[/] ready in {TerminalText.Markup(result.Folder)} " +
                    $"({result.Downloaded.Count} downloaded, {result.AlreadyPresent.Count} already present)");
                Consoles.Out.MarkupLine($"use it: [grey]Bot__Embeddings__Provider=Onnx Bot__Embeddings__ModelName={TerminalText.Markup(result.Model.Name)}[/]");
                return ExitCodes.Answered;
            }
            catch (ModelDownloadException e)
            {
                return CommandRunner.Fail(e.Message, ExitCodes.Failure);
            }
        }));
        return new Command("model", "Manage local embedding models") { pull };
    }
}
