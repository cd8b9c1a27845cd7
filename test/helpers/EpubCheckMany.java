import com.adobe.epubcheck.tool.EpubChecker;

/**
 * EPUBCheck on many EPUBs in one Java start: each `book.epub` given gets its JSON report in `book.epub.json`.
 * Starting the JVM and loading EPUBCheck's schemas takes most of a single check's time, so a test that checks
 * a sample of generated books runs them here (java -cp epubcheck.jar EpubCheckMany.java a.epub b.epub …).
 */
public class EpubCheckMany {
  public static void main(String[] paths) {
    for (String path : paths) {
      new EpubChecker().run(new String[] { path, "--usage", "--json", path + ".json" });
    }
  }
}
