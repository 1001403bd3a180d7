using Bot.Core.Search.Vectors;

namespace Bot.Core.Tests.Search;

public sealed class VectorBlobTests
{
    private static readonly float[] Sample = [0.5f, -0.25f, 1f / 3f, 0f, -1f, 65504f, 1e-3f];

    [Fact]
    public void Float32_blobs_round_trip_exactly()
    {
        var blob = VectorBlob.Encode(Sample, VectorEncoding.Float32);

        Assert.Equal(Sample.Length * 4, blob.Length);
        Assert.Equal(Sample, VectorBlob.Decode(blob, VectorEncoding.Float32));
    }

    [Fact]
    public void Float16_blobs_take_two_bytes_per_value_and_round_to_half_precision()
    {
        var blob = VectorBlob.Encode(Sample, VectorEncoding.Float16);
        var decoded = VectorBlob.Decode(blob, VectorEncoding.Float16);

        Assert.Equal(Sample.Length * 2, blob.Length);
        for (var i = 0; i < Sample.Length; i++)
        {
            Assert.Equal((float)(Half)Sample[i], decoded[i]);
            Assert.True(Math.Abs(Sample[i] - decoded[i]) <= Math.Abs(Sample[i]) * 1e-3f, $"value {i}");
        }
    }

    [Fact]
    public void Blobs_are_little_endian_without_a_header()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, VectorBlob.Encode([1f], VectorEncoding.Float32));
        Assert.Equal(new byte[] { 0x00, 0x3C }, VectorBlob.Encode([1f], VectorEncoding.Float16));
    }

    [Fact]
    public void A_blob_of_the_wrong_length_is_rejected()
    {
        var ex = Assert.Throws<FormatException>(() => VectorBlob.Decode(new byte[6], VectorEncoding.Float32));

        Assert.Contains("multiple of 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_values_are_not_stored()
    {
        Assert.Throws<ArgumentException>(() => VectorBlob.Encode([1f, float.NaN], VectorEncoding.Float16));
        Assert.Throws<ArgumentException>(() => VectorBlob.Encode([1f, float.PositiveInfinity], VectorEncoding.Float32));
        Assert.Throws<ArgumentException>(() => VectorBlob.Encode([1e6f], VectorEncoding.Float16));
    }
}
