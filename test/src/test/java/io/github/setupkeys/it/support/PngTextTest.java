package io.github.setupkeys.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngTextTest {

    @Test
    void aNoteWrittenIntoAPngReadsBackAndLeavesAnImageDecodersAccept() throws IOException {
        byte[] png = png(7, 3);

        byte[] noted = PngText.with(png, "setupkeys-report-sha256", "0123abcd");

        assertThat(PngText.read(noted, "setupkeys-report-sha256")).contains("0123abcd");
        assertThat(PngText.read(noted, "other")).isEmpty();
        assertThat(PngText.read(png, "setupkeys-report-sha256")).isEmpty();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(noted));
        assertThat(image.getWidth()).isEqualTo(7);
        assertThat(image.getHeight()).isEqualTo(3);
    }

    @Test
    void somethingElseIsNotTakenForAPng() {
        assertThatThrownBy(() -> PngText.read("GIF89a and then some more bytes".getBytes(), "x"))
                .hasMessage("not a PNG file");
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
