using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bot.Core.Feedback;

/// <summary>JSON settings of the stored quotes and of `bot report --json`: camelCase, readable non-ASCII text.</summary>
public static class FeedbackJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
