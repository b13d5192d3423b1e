package com.brandpulse.demo;

import com.brandpulse.demo.SampleArchive.Brand;

/**
 * A brand as the generator sees it: the generation-side facts the public {@link Brand} record does
 * not carry (account ids, how people name it, products, care team speed, mood mix), and the five
 * demo brands.
 */
record Kit(
    int index,
    Brand brand,
    boolean airline,
    long[] handleIds,
    String flightCode,
    String[] spokenEn,
    String[] spokenKo,
    String[] productsEn,
    String[] productsKo,
    String tag,
    String site,
    String[] paths,
    double careRate,
    double careMedianMin,
    String[] signoffs,
    String[] subreddits,
    double[] mood,
    String city) {

  static final int AURORA = 0, HANBIT = 3;

  String official() {
    return brand.handles().get(0);
  }

  String care() {
    return brand.handles().get(brand.handles().size() - 1);
  }

  private static final String[] AIR_PATHS = {
    "/deals", "/help/baggage", "/help/pets", "/trip-status", "/check-in", "/miles"
  };
  private static final String[] TECH_PATHS = {
    "/support", "/event", "/store", "/notice/update", "/service-center"
  };

  /** Mood mix per brand: negative, neutral statement, question, positive. */
  static final Kit[] KITS = {
    new Kit(
        0,
        SampleArchive.BRANDS.get(0),
        true,
        new long[] {19397785L, 2851620483L},
        "AU",
        new String[] {"Aurora Air", "Aurora Air", "Aurora Air", "Aurora Airlines", "AuroraAir"},
        null,
        new String[] {"Aurora Miles"},
        null,
        "#FlyAurora",
        "https://www.auroraair.com",
        AIR_PATHS,
        0.78,
        35,
        new String[] {"^MK", "^JT", "^RS", "^AL", "^DP"},
        new String[] {"flying", "travel", "AuroraAir"},
        new double[] {0.30, 0.22, 0.16, 0.32},
        "Denver, CO"),
    new Kit(
        1,
        SampleArchive.BRANDS.get(1),
        true,
        new long[] {26223583L},
        "ZY",
        new String[] {"Zephyr Airlines", "Zephyr Airlines", "Zephyr Air", "ZephyrAir"},
        null,
        new String[] {"Zephyr Club"},
        null,
        "#ZephyrAir",
        "https://www.zephyrairlines.com",
        AIR_PATHS,
        0.55,
        70,
        new String[] {"-Dana", "-Chris", "-Sam", ""},
        new String[] {"flying", "travel", "ZephyrAirlines"},
        new double[] {0.34, 0.24, 0.14, 0.28},
        "Dallas, TX"),
    new Kit(
        2,
        SampleArchive.BRANDS.get(2),
        true,
        new long[] {1184417346802221056L},
        "NJ",
        new String[] {"Nimbus Jet", "Nimbus Jet", "NimbusJet"},
        null,
        new String[] {"Nimbus Plus"},
        null,
        "#NimbusJet",
        "https://www.nimbusjet.com",
        AIR_PATHS,
        0.30,
        180,
        new String[] {""},
        new String[] {"flying", "Shoestring", "travel"},
        new double[] {0.40, 0.22, 0.14, 0.24},
        "Salt Lake City, UT"),
    new Kit(
        3,
        SampleArchive.BRANDS.get(3),
        false,
        new long[] {331225487L},
        null,
        new String[] {"Hanbit", "Hanbit Electronics", "Hanbit"},
        new String[] {"한빛전자"},
        new String[] {"Hanbit Phone", "Hanbit Phone S3", "Hanbit Book 14"},
        new String[] {"한빛폰", "한빛폰 S3", "한빛폰 S3", "한빛 노트북", "한빛 노트북 14"},
        "#한빛전자",
        "https://www.hanbit-elec.co.kr",
        TECH_PATHS,
        0.62,
        50,
        new String[] {""},
        new String[] {"Android", "smartphones", "HanbitElectronics"},
        new double[] {0.26, 0.24, 0.16, 0.34},
        "Seoul, Korea"),
    new Kit(
        4,
        SampleArchive.BRANDS.get(4),
        false,
        new long[] {1402254830176575490L},
        null,
        new String[] {"Saebyeol", "Saebyeol Mobile"},
        new String[] {"새별모바일"},
        new String[] {"Saebyeol Phone", "Saebyeol X2"},
        new String[] {"새별폰", "새별폰 X2", "새별탭"},
        "#새별모바일",
        "https://www.saebyeolmobile.co.kr",
        TECH_PATHS,
        0.45,
        90,
        new String[] {""},
        new String[] {"Android", "smartphones"},
        new double[] {0.26, 0.26, 0.16, 0.32},
        "Seongnam, Korea"),
  };

  static Kit named(String name) {
    for (Kit k : KITS) if (k.brand().name().equals(name)) return k;
    throw new IllegalStateException(name);
  }
}
