namespace Bot.Core.Embeddings;

/// <summary>
/// What a model folder holds: <c>model.onnx</c> (or <c>onnx/model.onnx</c>), <c>vocab.txt</c> and what its optional JSON
/// files say (<see cref="OnnxModelFolderConfig"/>). Finding them is separate from loading them, so each missing piece
/// gets its own remedy.
/// </summary>
internal sealed record OnnxModelFolder(string Folder, string ModelPath, string VocabPath, OnnxModelFolderConfig Config)
{
    /// <exception cref="EmbeddingModelException">The folder, model.onnx or vocab.txt is missing, or a JSON file is invalid.</exception>
    public static OnnxModelFolder Locate(string modelFolder)
    {
        var folder = Path.GetFullPath(modelFolder);
        if (!Directory.Exists(folder))
        {
            throw new EmbeddingModelException(
                $"Embedding model folder '{folder}' does not exist. Run `bot model pull {KnownEmbeddingModels.AllMiniLmL6V2.Name}` on a machine with internet " +
                "(and copy the folder here), or set Bot:Embeddings:ModelPath to a folder holding model.onnx and vocab.txt.");
        }

        var modelPath = Path.Combine(folder, "model.onnx");
        if (!File.Exists(modelPath))
        {
            var nested = Path.Combine(folder, "onnx", "model.onnx");
            modelPath = File.Exists(nested)
                ? nested
                : throw new EmbeddingModelException($"Embedding model folder '{folder}' has no model.onnx. Pull the model again (`bot model pull NAME`) or copy an ONNX export there.");
        }

        var vocabPath = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(vocabPath))
        {
            throw new EmbeddingModelException($"Embedding model folder '{folder}' has no vocab.txt (the WordPiece vocabulary the model was trained with). Pull the model again or copy vocab.txt there.");
        }

        return new OnnxModelFolder(folder, modelPath, vocabPath, OnnxModelFolderConfig.Read(folder));
    }

    /// <summary>The model's name when none is configured: the folder's own name.</summary>
    public string DefaultModelId => Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>Whether to lower-case before tokenising when the JSON files do not say: an uncased vocabulary has no capitals.</summary>
    public bool VocabularyIsUncased()
    {
        foreach (var line in File.ReadLines(VocabPath))
        {
            // ASCII capitals only: uncased BERT vocabularies still hold symbols such as 'ℝ' that Unicode calls upper case.
            if (line.Length > 0 && line[0] != '[' && line.Any(char.IsAsciiLetterUpper))
            {
                return false;
            }
        }

        return true;
    }
}
