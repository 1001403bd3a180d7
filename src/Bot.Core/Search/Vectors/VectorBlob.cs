using System.Buffers.Binary;

namespace Bot.Core.Search.Vectors;

/// <summary>
/// Encodes vectors as compact blobs for the index store and decodes them back. The blob is the bare
/// little-endian values (no header): its length is dimensions × 2 (float16) or × 4 (float32), so the
/// store keeps the encoding and the dimension count alongside (e.g. once per index).
/// </summary>
public static class VectorBlob
{
    /// <summary>Bytes one value takes in <paramref name="encoding"/>.</summary>
    public static int BytesPerValue(VectorEncoding encoding) => encoding switch
    {
        VectorEncoding.Float16 => 2,
        VectorEncoding.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown vector encoding."),
    };

    /// <summary>Encodes <paramref name="vector"/> as a new blob.</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector, VectorEncoding encoding)
    {
        var blob = new byte[vector.Length * BytesPerValue(encoding)];
        Encode(vector, encoding, blob);
        return blob;
    }

    /// <summary>Encodes <paramref name="vector"/> into <paramref name="destination"/>, which must be exactly the blob size.</summary>
    public static void Encode(ReadOnlySpan<float> vector, VectorEncoding encoding, Span<byte> destination)
    {
        var size = vector.Length * BytesPerValue(encoding);
        if (destination.Length != size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; a {vector.Length}-dimension {encoding} blob needs {size}.", nameof(destination));
        }

        for (var i = 0; i < vector.Length; i++)
        {
            var value = vector[i];
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"Vector value {i} is {value}; only finite values can be stored.", nameof(vector));
            }

            if (encoding == VectorEncoding.Float16)
            {
                if (Math.Abs(value) > (float)Half.MaxValue)
                {
                    throw new ArgumentException($"Vector value {i} is {value}, outside the float16 range (±65504); normalise the vector or store it as Float32.", nameof(vector));
                }

                BinaryPrimitives.WriteHalfLittleEndian(destination.Slice(i * 2, 2), (Half)value);
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(i * 4, 4), value);
            }
        }
    }

    /// <summary>Number of dimensions a blob of <paramref name="blobLength"/> bytes holds.</summary>
    public static int Dimensions(int blobLength, VectorEncoding encoding)
    {
        var width = BytesPerValue(encoding);
        if (blobLength % width != 0)
        {
            throw new FormatException($"A {encoding} vector blob must be a multiple of {width} bytes long; this one is {blobLength}.");
        }

        return blobLength / width;
    }

    /// <summary>Decodes a blob into a new array.</summary>
    public static float[] Decode(ReadOnlySpan<byte> blob, VectorEncoding encoding)
    {
        var vector = new float[Dimensions(blob.Length, encoding)];
        Decode(blob, encoding, vector);
        return vector;
    }

    /// <summary>Decodes a blob into <paramref name="destination"/>, which must have exactly the blob's dimension count.</summary>
    public static void Decode(ReadOnlySpan<byte> blob, VectorEncoding encoding, Span<float> destination)
    {
        var dimensions = Dimensions(blob.Length, encoding);
        if (destination.Length != dimensions)
        {
            throw new FormatException($"The {encoding} blob holds {dimensions} dimensions; {destination.Length} were expected.");
        }

        for (var i = 0; i < dimensions; i++)
        {
            destination[i] = encoding == VectorEncoding.Float16
                ? (float)BinaryPrimitives.ReadHalfLittleEndian(blob.Slice(i * 2, 2))
                : BinaryPrimitives.ReadSingleLittleEndian(blob.Slice(i * 4, 4));
        }
    }
}
