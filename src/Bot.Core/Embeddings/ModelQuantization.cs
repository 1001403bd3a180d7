namespace Bot.Core.Embeddings;

/// <summary>The local model's weights (<c>Bot:Embeddings:Quantization</c>).</summary>
public enum ModelQuantization
{
    /// <summary>The model file as it is (float32).</summary>
    None,

    /// <summary>
    /// Its MatMul weights quantised to int8 once (<see cref="Int8Quantizer"/>), activations quantised per run: about
    /// 2.3× the texts per CPU-second; vectors stored under their own key (<c>…:int8</c>).
    /// </summary>
    Int8,

    /// <summary>
    /// The corpus (passage and sentence vectors, made at index time) from the int8 copy, the question (its vector and the
    /// token re-ranker's runs, made at ask time) from the float model: the indexing rate of <see cref="Int8"/>, with about
    /// half its drift in question–sentence cosines. Stored vectors are the int8 copy's (<c>…:int8</c>, the same as
    /// <see cref="Int8"/>'s); answering loads only the float model.
    /// </summary>
    Int8Corpus,
}
