using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Diagnostics;
using Bot.Core.Embeddings;
using Bot.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Cli.Commands;

/// <summary>`bot ask "question" [--json] [--top N]`; `-` answers one question per line of standard input as JSON Lines.</summary>
public static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "The question, or - to read questions from standard input (one a line, JSON Lines out)" };
        var json = new Option<bool>("--json") { Description = "Print the answer as one JSON object" };
        var top = new Option<int>("--top") { Description = "Most quotes in the answer (1-10)", DefaultValueFactory = _ => 3 };
        top.Between(1, 10, "between 1 and 10");
        // An option the command does not have would otherwise be taken for the question (`bot ask --bogus`).
        question.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.Tokens[0].Value is ['-', _, ..] and var token && (token[1] == '-' || char.IsLetter(token[1])))
                r.AddError($"Unrecognized command or argument '{token}'.");
        });
        var command = new Command("ask", "Answer a question with verbatim, cited quotes from the seeds") { question, json, top };
        LlmFlags.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var q = parse.GetValue(question)!;
            // A question that cannot be asked is refused before the index refresh (which loads the embedding model).
            if (q != "-") services.GetRequiredService<QuestionValidator>().Validate(q);
            // The model and the word vectors load on another core while the index's freshness is checked (which needs
            // no model when nothing changed); the question waits for them only when it gets there.
            var setup = services.GetRequiredService<EmbeddingSetupProvider>();
            setup.LoadInBackground();
            // The ranking models too (parsed from JSON on first use): on the same thread, after the word vectors. A model
            // file that cannot be read fails the question where it is used, with the same error, as without this.
            _ = Task.Run(() =>
            {
                _ = WordVectors.Default;
                StartupTrace.Mark("word vectors");
                try { services.GetRequiredService<IRankingModels>().Preload(vectors: setup.IsConfigured); }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException) { }
                StartupTrace.Mark("ranking models");
            }, ct);
            await CommandRunner.EnsureIndexAsync(services, ct).ConfigureAwait(false);
            StartupTrace.Mark("index fresh");
            var answerer = services.GetRequiredService<IAnswerer>();
            StartupTrace.Mark("answerer");
            int n = parse.GetValue(top);
            if (q == "-") return await AskManyAsync(answerer, n, ct).ConfigureAwait(false);

            var answer = await answerer.AskAsync(new AskRequest(q, n), ct).ConfigureAwait(false);
            StartupTrace.Mark("answered");
            if (parse.GetValue(json)) Console.Out.WriteLine(AnswerJson.Serialize(answer));
            else AnswerRenderer.Render(Consoles.Out, answer);
            return answer.Answered ? ExitCodes.Answered : ExitCodes.NotFound;
        }, readsSeeds: true));
        return command;
    }

    private static async Task<int> AskManyAsync(IAnswerer answerer, int top, CancellationToken ct)
    {
        string? line;
        // One output line per input line, blank ones included (an "error" line), so a script can pair them up.
        while ((line = await Console.In.ReadLineAsync(ct).ConfigureAwait(false)) is not null)
        {
            try
            {
                var answer = await answerer.AskAsync(new AskRequest(line, top), ct).ConfigureAwait(false);
                Console.Out.WriteLine(AnswerJson.Serialize(answer));
            }
            catch (InvalidQuestionException e)
            {
                Console.Out.WriteLine(AnswerJson.Error(line.Length > 200 ? line[..200] + "…" : line, e.Message));
            }
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
        }
        return ExitCodes.Answered;
    }
}
