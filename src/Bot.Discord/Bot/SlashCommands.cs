using System.Text.Json.Nodes;

namespace Bot.Discord.Bot;

/// <summary>The application commands, registered by bulk overwrite (PUT replaces the list; idempotent at every start).</summary>
internal static class SlashCommands
{
    public const string Ask = "ask";
    public const string Sources = "sources";
    public const string Reindex = "reindex";
    public const string Reset = "reset";
    public const string Report = "report";
    public const string Add = "add";

    /// <summary>MANAGE_GUILD ("Manage Server").</summary>
    public const ulong ManageGuild = 1 << 5;

    /// <summary>ADMINISTRATOR implies every permission.</summary>
    public const ulong Administrator = 1 << 3;

    /// <summary>/reindex and /add alone, for an admin guild that gets no other guild commands.</summary>
    public static JsonArray AdminDefinitions() => [ReindexCommand(), AddCommand()];

    private static JsonObject ReindexCommand() => Command(Reindex, "Re-index the sources folder (the bot's owners)", defaultPermissions: ManageGuild);

    private static JsonObject AddCommand() => Command(Add, "Add a web page or PDF by its URL to the sources and index it (the bot's owners)",
        new JsonArray(new JsonObject
        {
            ["type"] = 3, // STRING
            ["name"] = "url",
            ["description"] = "http(s) URL of an article or a PDF",
            ["required"] = true,
            ["max_length"] = 2000,
        }), defaultPermissions: ManageGuild);

    /// <summary>All commands; without <paramref name="withReindex"/> the admin ones (/reindex, /add) are left out.</summary>
    public static JsonArray Definitions(int maxQuestionLength, bool withReindex = true)
    {
        var all = All(maxQuestionLength);
        if (withReindex) all.Add(AddCommand());
        else all.RemoveAt(2);
        return all;
    }

    private static JsonArray All(int maxQuestionLength) =>
    [
        Command(Ask, "Ask a question; the answer quotes the sources verbatim, with citations",
            new JsonArray(new JsonObject
            {
                ["type"] = 3, // STRING
                ["name"] = "question",
                ["description"] = "Your question",
                ["required"] = true,
                ["max_length"] = Math.Min(6000, maxQuestionLength),
            })),
        Command(Sources, "List the indexed documents"),
        ReindexCommand(),
        Command(Reset, "Forget this channel's conversation, so the next question starts fresh"),
        Command(Report, "Questions of the last week and the topics the sources do not answer (Manage Server permission)", defaultPermissions: ManageGuild),
    ];

    private static JsonObject Command(string name, string description, JsonArray? options = null, ulong? defaultPermissions = null)
    {
        var command = new JsonObject
        {
            ["name"] = name,
            ["type"] = 1, // CHAT_INPUT
            ["description"] = description,
            ["contexts"] = new JsonArray(0, 1), // guilds and DMs with the bot
            ["integration_types"] = new JsonArray(0),
        };
        if (options is not null) command["options"] = options;
        if (defaultPermissions is { } p) command["default_member_permissions"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return command;
    }
}
