package io.chfen.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Copies the video and audio streams of one or more local files into one MP4 without re-encoding
 * (what {@code ffmpeg -i a -i b -map … -c copy out.mp4} does): the first video stream found and the
 * first audio stream found, whichever inputs hold them. For streamed media put back together: an
 * HLS rendition's segments (MPEG-TS, or fragmented MP4 after its init segment) and a DASH
 * representation's, one file per track. The MP4 muxer adds the bitstream filters copying needs
 * (ADTS AAC → MP4's AudioSpecificConfig). Packets are written in decode-time order across inputs.
 * Stateless; one call, one output.
 */
public final class Remux {
  private Remux() {}

  /** The reason code of a copy FFmpeg cannot make. */
  public static final String FAILED = "remux_failed";

  /** What was copied. */
  public record Result(boolean video, boolean audio, long packets) {}

  private static final class Input {
    final AVFormatContext ctx;
    final List<int[]> map = new ArrayList<>(); // [input stream, output stream]
    final AVPacket next = avcodec.av_packet_alloc();
    boolean pending;
    boolean done;

    Input(AVFormatContext ctx) {
      this.ctx = ctx;
    }

    int outFor(int stream) {
      for (int[] m : map) {
        if (m[0] == stream) {
          return m[1];
        }
      }
      return -1;
    }
  }

  /**
   * @throws MediaException {@link #FAILED} naming the input and FFmpeg's message; nothing is left
   *     at {@code out} worth reading (the caller writes to a temporary name)
   */
  public static Result toMp4(List<Path> inputs, Path out) throws MediaException {
    List<Input> open = new ArrayList<>();
    AVFormatContext oc = new AVFormatContext(null);
    boolean headerWritten = false;
    try {
      for (Path p : inputs) {
        AVFormatContext ic = new AVFormatContext(null);
        check(avformat.avformat_open_input(ic, p.toString(), null, null), p, "open");
        check(avformat.avformat_find_stream_info(ic, (AVDictionary) null), p, "read streams of");
        open.add(new Input(ic));
      }
      check(
          avformat.avformat_alloc_output_context2(oc, null, "mp4", out.toString()), out, "create");
      boolean video = false;
      boolean audio = false;
      for (Input in : open) {
        for (int s = 0; s < in.ctx.nb_streams(); s++) {
          AVCodecParameters par = in.ctx.streams(s).codecpar();
          int type = par.codec_type();
          boolean take =
              (type == avutil.AVMEDIA_TYPE_VIDEO && !video && !isPicture(in.ctx.streams(s)))
                  || (type == avutil.AVMEDIA_TYPE_AUDIO && !audio);
          if (!take) {
            continue;
          }
          AVStream os = avformat.avformat_new_stream(oc, null);
          check(avcodec.avcodec_parameters_copy(os.codecpar(), par), out, "copy parameters to");
          os.codecpar().codec_tag(0);
          os.time_base(in.ctx.streams(s).time_base());
          in.map.add(new int[] {s, os.index()});
          video |= type == avutil.AVMEDIA_TYPE_VIDEO;
          audio |= type == avutil.AVMEDIA_TYPE_AUDIO;
        }
      }
      if (!video && !audio) {
        throw new MediaException(FAILED, "no video or audio stream in " + inputs);
      }
      AVIOContext pb = new AVIOContext(null);
      check(avformat.avio_open(pb, out.toString(), avformat.AVIO_FLAG_WRITE), out, "write");
      oc.pb(pb);
      check(avformat.avformat_write_header(oc, (AVDictionary) null), out, "write the header of");
      headerWritten = true;
      long packets = 0;
      while (true) {
        Input first = null;
        double firstT = Double.MAX_VALUE;
        for (Input in : open) {
          if (!in.pending && !in.done) {
            fill(in);
          }
          if (in.pending) {
            double t = seconds(in);
            if (t < firstT) {
              firstT = t;
              first = in;
            }
          }
        }
        if (first == null) {
          break;
        }
        AVPacket pkt = first.next;
        int target = first.outFor(pkt.stream_index());
        AVStream is = first.ctx.streams(pkt.stream_index());
        AVStream os = oc.streams(target);
        avcodec.av_packet_rescale_ts(pkt, is.time_base(), os.time_base());
        pkt.stream_index(target);
        pkt.pos(-1);
        check(avformat.av_interleaved_write_frame(oc, pkt), out, "write a packet to");
        first.pending = false;
        packets++;
      }
      check(avformat.av_write_trailer(oc), out, "finish");
      return new Result(video, audio, packets);
    } finally {
      if (oc.pb() != null && !oc.pb().isNull()) {
        avformat.avio_closep(oc.pb());
      }
      if (!oc.isNull()) {
        avformat.avformat_free_context(oc);
      }
      for (Input in : open) {
        avcodec.av_packet_free(in.next);
        avformat.avformat_close_input(in.ctx);
      }
      if (!headerWritten) {
        out.toFile().delete();
      }
    }
  }

  /** Reads the input's next packet of a mapped stream, or marks it done. */
  private static void fill(Input in) throws MediaException {
    while (true) {
      avcodec.av_packet_unref(in.next);
      int r = avformat.av_read_frame(in.ctx, in.next);
      if (r == avutil.AVERROR_EOF()) {
        in.done = true;
        return;
      }
      if (r < 0) {
        throw new MediaException(FAILED, "cannot read a packet: " + error(r));
      }
      if (in.outFor(in.next.stream_index()) >= 0) {
        in.pending = true;
        return;
      }
    }
  }

  /** The pending packet's decode time in seconds (its presentation time when it has no dts). */
  private static double seconds(Input in) {
    AVPacket p = in.next;
    long t = p.dts() != avutil.AV_NOPTS_VALUE ? p.dts() : p.pts();
    if (t == avutil.AV_NOPTS_VALUE) {
      return Double.MIN_VALUE;
    }
    var tb = in.ctx.streams(p.stream_index()).time_base();
    return t * (double) tb.num() / tb.den();
  }

  /** A cover image stored as a video stream (an attached picture), not video. */
  private static boolean isPicture(AVStream s) {
    return (s.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
  }

  private static void check(int r, Object what, String doing) throws MediaException {
    if (r < 0) {
      throw new MediaException(FAILED, "cannot " + doing + " " + what + ": " + error(r));
    }
  }

  private static String error(int r) {
    BytePointer buf = new BytePointer(256);
    avutil.av_strerror(r, buf, 256);
    return buf.getString();
  }
}
