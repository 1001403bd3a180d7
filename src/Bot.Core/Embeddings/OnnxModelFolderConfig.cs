using System.Text.Json;

namespace Bot.Core.Embeddings;

/// <summary>What the optional JSON files of a model folder say.</summary>
internal sealed record OnnxModelFolderConfig(PoolingMode? Pooling, int? MaxSequenceLength, bool? LowerCase)
{
    public static OnnxModelFolderConfig Read(string folder)
    {
        PoolingMode? pooling = null;
        using (var doc = ReadJson(folder, "1_Pooling", "config.json"))
        {
            if (doc is not null)
            {
                if (GetBool(doc, "pooling_mode_cls_token") == true)
                {
                    pooling = PoolingMode.Cls;
                }
                else if (GetBool(doc, "pooling_mode_mean_tokens") == true)
                {
                    pooling = PoolingMode.Mean;
                }
                else
                {
                    throw new EmbeddingModelException($"'{Path.Combine(folder, "1_Pooling", "config.json")}' asks for a pooling other than mean or CLS, which is not supported.");
                }
            }
        }

        int? maxLength = null;
        bool? lowerCase = null;
        using (var doc = ReadJson(folder, "sentence_bert_config.json"))
        {
            maxLength = doc is null ? null : GetInt(doc, "max_seq_length");
        }

        using (var doc = ReadJson(folder, "tokenizer_config.json"))
        {
            if (doc is not null)
            {
                lowerCase = GetBool(doc, "do_lower_case");
                maxLength ??= GetInt(doc, "model_max_length") is { } m and < 100_000 ? m : null;
            }
        }

        using (var doc = ReadJson(folder, "config.json"))
        {
            if (doc is not null && GetInt(doc, "max_position_embeddings") is { } positions)
            {
                maxLength = Math.Min(maxLength ?? positions, positions);
            }
        }

        return new OnnxModelFolderConfig(pooling, maxLength, lowerCase);
    }

    private static JsonDocument? ReadJson(params string[] parts)
    {
        var path = Path.Combine(parts);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new EmbeddingModelException($"Model configuration '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static bool? GetBool(JsonDocument doc, string name) =>
        doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;

    private static int? GetInt(JsonDocument doc, string name) =>
        doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : null;
}
