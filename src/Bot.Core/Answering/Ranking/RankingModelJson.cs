using System.Text.Json.Serialization;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Compile-time JSON (de)serialisers of the model files: every `bot ask` reads the shipped models, and the reflection
/// serialiser built its property accessors with run-time code generation first (over a hundred methods compiled at start).
/// </summary>
[JsonSerializable(typeof(LinearModel))]
[JsonSerializable(typeof(BoostedTrees))]
internal sealed partial class RankingModelJson : JsonSerializerContext;
