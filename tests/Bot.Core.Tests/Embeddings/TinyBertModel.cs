using System.Text.Json;
using Bot.Core.Tests.Embeddings.Onnx;
using Google.Protobuf;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// Writes a tiny BERT-shaped ONNX model and its vocabulary into a temporary folder. The model is
/// <c>last_hidden_state = (Words[input_ids] + Types[token_type_ids]) × (1 + attention_mask)</c> with small fixed tables,
/// so tests can compute every expected vector independently from <see cref="Words"/> and <see cref="Types"/>.
/// Padding positions get non-zero vectors on purpose: pooling must ignore them through the mask.
/// </summary>
internal sealed class TinyBertModel : IDisposable
{
    public const int Dim = 4;

    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "the", "cat", "sat", "on", "mat", "play", "##ing", "dog", "hello", "world", ".", ",", "runs",
    ];

    /// <summary>Word embedding table, one row per vocabulary entry.</summary>
    public static readonly float[][] Words = Enumerable.Range(0, Vocabulary.Length)
        .Select(i => Enumerable.Range(0, Dim).Select(j => ((((i * 7) + (j * 3)) % 11) - 5) / 4f + (0.1f * (j + 1))).ToArray())
        .ToArray();

    /// <summary>Token type table: segment 0 and 1.</summary>
    public static readonly float[][] Types = [[0.5f, -0.25f, 0.125f, 1f], [-1f, 1f, -1f, 1f]];

    private TinyBertModel(string folder) => Folder = folder;

    public string Folder { get; }

    public static int Id(string token) => Array.IndexOf(Vocabulary, token) is var i and >= 0 ? i : throw new ArgumentException(token);

    /// <summary>Creates the folder. <paramref name="withTokenTypeIds"/> false gives a model without that input (and without the Types term).</summary>
    public static TinyBertModel Create(bool withTokenTypeIds = true, string outputName = "last_hidden_state", IReadOnlyDictionary<string, object>? files = null, bool withProjection = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bot-tiny-bert-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), BuildModel(withTokenTypeIds, outputName, withProjection).ToByteArray());
        foreach (var (name, content) in files ?? new Dictionary<string, object>())
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(content));
        }

        return new TinyBertModel(folder);
    }

    /// <summary>The vector the model produces for one real (unmasked) token in segment 0.</summary>
    public static float[] TokenVector(int id, bool withTokenTypeIds = true) =>
        Enumerable.Range(0, Dim).Select(j => (Words[id][j] + (withTokenTypeIds ? Types[0][j] : 0f)) * 2f).ToArray();

    /// <summary>Expected embedding computed in doubles: pooled token vectors, L2-normalised.</summary>
    public static float[] Expected(IReadOnlyList<int> ids, bool cls, bool withTokenTypeIds = true)
    {
        var sum = new double[Dim];
        var used = cls ? ids.Take(1) : ids;
        foreach (var id in used)
        {
            var v = TokenVector(id, withTokenTypeIds);
            for (var j = 0; j < Dim; j++)
            {
                sum[j] += v[j];
            }
        }

        var norm = Math.Sqrt(sum.Sum(x => x * x));
        return sum.Select(x => (float)(x / norm)).ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>With a projection, the output is multiplied by this Dim × Dim matrix (a MatMul by an initializer, as BERT's layers are).</summary>
    public static readonly float[] Projection = Enumerable.Range(0, Dim * Dim).Select(i => ((i * 5 % 9) - 4) / 3f).ToArray();

    private static ModelProto BuildModel(bool withTokenTypeIds, string outputName, bool withProjection)
    {
        var graph = new GraphProto { Name = "tiny-bert" };
        graph.Input.Add(Int64Input("input_ids"));
        graph.Input.Add(Int64Input("attention_mask"));
        if (withTokenTypeIds)
        {
            graph.Input.Add(Int64Input("token_type_ids"));
        }

        graph.Initializer.Add(FloatTensor("word_table", [Words.Length, Dim], Words.SelectMany(r => r)));
        graph.Initializer.Add(FloatTensor("type_table", [Types.Length, Dim], Types.SelectMany(r => r)));
        graph.Initializer.Add(FloatTensor("one", [], [1f]));
        graph.Initializer.Add(new TensorProto { Name = "last_axis", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { -1 } });

        graph.Node.Add(Node("Gather", ["word_table", "input_ids"], ["words"]));
        var summed = "words";
        if (withTokenTypeIds)
        {
            graph.Node.Add(Node("Gather", ["type_table", "token_type_ids"], ["types"]));
            graph.Node.Add(Node("Add", ["words", "types"], ["summed"]));
            summed = "summed";
        }

        var cast = Node("Cast", ["attention_mask"], ["mask_float"]);
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (int)TensorProto.Types.DataType.Float });
        graph.Node.Add(cast);
        graph.Node.Add(Node("Unsqueeze", ["mask_float", "last_axis"], ["mask_column"]));
        graph.Node.Add(Node("Add", ["mask_column", "one"], ["scale"]));
        if (withProjection)
        {
            graph.Initializer.Add(FloatTensor("projection", [Dim, Dim], Projection));
            graph.Node.Add(Node("Mul", [summed, "scale"], ["scaled"]));
            graph.Node.Add(Node("MatMul", ["scaled", "projection"], [outputName]));
        }
        else
        {
            graph.Node.Add(Node("Mul", [summed, "scale"], [outputName]));
        }

        graph.Output.Add(new ValueInfoProto
        {
            Name = outputName,
            Type = TensorType(TensorProto.Types.DataType.Float, Symbolic("batch"), Symbolic("sequence"), new TensorShapeProto.Types.Dimension { DimValue = Dim }),
        });

        var model = new ModelProto { IrVersion = 8, ProducerName = "Bot.Core.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model;
    }

    private static ValueInfoProto Int64Input(string name) => new()
    {
        Name = name,
        Type = TensorType(TensorProto.Types.DataType.Int64, Symbolic("batch"), Symbolic("sequence")),
    };

    private static TensorShapeProto.Types.Dimension Symbolic(string name) => new() { DimParam = name };

    private static TypeProto TensorType(TensorProto.Types.DataType type, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } };
    }

    private static TensorProto FloatTensor(string name, long[] dims, IEnumerable<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = outputs[0] + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
