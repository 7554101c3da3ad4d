#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/redact/checksums.hpp"
#include "core/redact/detectors.hpp"
#include "helpers.hpp"

using namespace rps::redact;
using namespace rps::redact::testing;

namespace {

void expect_whole(Detector kind, const std::vector<std::string>& values) {
    for (const auto& v : values) {
        INFO("value: " << v);
        CHECK(scan(v) == std::string(detector_name(kind)) + ":" + v);
        // Embedded in a sentence, between separators that are not letters or digits.
        CHECK(scan("x " + v + ", y") == std::string(detector_name(kind)) + ":" + v);
    }
}

void expect_nothing(const std::vector<std::string>& values, std::string_view key = {}) {
    for (const auto& v : values) {
        INFO("value: " << v);
        CHECK(scan(v, key) == "");
    }
}

}  // namespace

TEST_CASE("checksums") {
    CHECK(luhn_valid("4111111111111111"));
    CHECK_FALSE(luhn_valid("4111111111111112"));
    CHECK_FALSE(luhn_valid("41111x1111111111"));
    CHECK(cn_resident_id_valid("11010519491231002X"));
    CHECK(cn_resident_id_valid("11010519491231002x"));
    CHECK_FALSE(cn_resident_id_valid("110105194912310021"));  // wrong check digit
    CHECK_FALSE(cn_resident_id_valid("990105194912310025"));  // no such province
    CHECK(cn_resident_id_valid("310115200002294567"));        // 29 Feb 2000 (leap)
    CHECK(date_valid(2000, 2, 29));
    CHECK_FALSE(date_valid(1900, 2, 29));
    CHECK_FALSE(date_valid(2023, 4, 31));
    CHECK(cn_resident_id_valid("110105491231002"));
    CHECK_FALSE(cn_resident_id_valid("310115850229456"));  // 1985 was not a leap year
}

TEST_CASE("detector names round-trip") {
    for (std::size_t k = 0; k < kDetectorCount; ++k) {
        Detector d{};
        REQUIRE(detector_from_name(detector_name(Detector(k)), d));
        CHECK(d == Detector(k));
    }
    Detector d{};
    CHECK_FALSE(detector_from_name("emails", d));
}

TEST_CASE("email") {
    expect_whole(Detector::email, {"alice@example.com", "first.last@example.co.uk", "a+tag@sub.domain.org",
                                   "x_y-z%1@a-b.io", "13800138000@163.com", "UPPER@EXAMPLE.COM",
                                   "user@xn--fiqs8s.xn--fiqs8s", "n@a.bc",
                                   "very.long.local.part.name@mail.example.museum", "1@2.cn"});
    CHECK(scan("<alice@example.com>") == "email:alice@example.com");
    CHECK(scan("mailto:bob@example.org.") == "email:bob@example.org");
    CHECK(scan("邮箱alice@example.com。") == "email:alice@example.com");
    expect_nothing({"user@localhost", "@example.com", "a@b", "a@b.c", "a.@example.com", "a-@",
                    "a@-x.com", "a@x-.com", "name at example dot com", "a@b.123"});
}

TEST_CASE("email addresses with letters of other scripts (internationalized, IDN)") {
    expect_whole(Detector::email, {"josé@example.com", "müller@example.de", "søren.åberg@example.dk", "zoë@x.io",
                                   "user@münchen.de", "用户@例子.中国", "张三@example.com", "info@例子.公司",
                                   "почта@пример.рф", "élise@ñ.es"});
    // Ends where running text goes on: CJK punctuation, a no-break space, an ASCII
    // domain followed by text.
    CHECK(scan("联系：张三@例子.中国。谢谢") == "email:张三@例子.中国");
    CHECK(scan("联系我josé@example.com谢谢") == "email:josé@example.com");
    CHECK(scan("mail\xC2\xA0müller@example.de\xC2\xA0ok") == "email:müller@example.de");
    CHECK(scan("«zoë@x.io»") == "email:zoë@x.io");
    CHECK(scan("\xEF\xBB\xBFjosé@example.com\xE2\x80\x8B") == "email:josé@example.com");  // a BOM, a zero-width space
    CHECK(scan("\xEF\xBB\xBF用户@例子.中国") == "email:用户@例子.中国");
    CHECK(scan("邮箱alice@example.com是我的") == "email:alice@example.com");
    CHECK(scan("收件人：李四，邮箱：李四@例子.中国") == "email:李四@例子.中国");
    // A name glued before an ASCII local part is the address's; a label word glued before
    // an address is not (nor a joining word after it), and neither is a sentence.
    CHECK(scan("张伟53@example.com") == "email:张伟53@example.com");
    CHECK(scan("联系人张伟53@qq.com") == "email:张伟53@qq.com");
    CHECK(scan("发送给王芳88@163.com失败") == "email:王芳88@163.com");
    CHECK(scan("联系我josé@example.com谢谢") == "email:josé@example.com");
    CHECK(scan("我的邮箱是alice@example.com") == "email:alice@example.com");
    CHECK(scan("用户在登录页面输入了很长的一段文字zhangwei@qq.com") == "email:zhangwei@qq.com");
    CHECK(scan("请发邮件到张伟@例子.中国，谢谢") == "email:张伟@例子.中国");
    CHECK(scan("用户@例子.中国") == "email:用户@例子.中国");  // the label word is the whole local part
    // A local part of CJK letters after more than 64 bytes of text glued to it: its last 64 bytes.
    std::string sentence;
    for (int k = 0; k < 3; ++k) sentence += "很长的一段中文文本";
    CHECK(scan(sentence + "张伟@例子.中国") == "email:" + sentence.substr(sentence.size() - 57) + "张伟@例子.中国");
    // No earlier than the span before it.
    CHECK(scan("+8613800138000张伟@例子.中国") == "phone:+8613800138000|email:张伟@例子.中国");
    // Not addresses: no domain, one label, a TLD of mixed scripts, full-width "＠", a
    // malformed sequence.
    expect_nothing({"@张三 你好", "张三@李四 你好", "josé@localhost", "用户@例子.c中", "用户＠例子.中国",
                    "jos\xC3@example", "\xE4\xB8@example"});
    // Only with the detector on.
    CHECK(scan("josé@example.com", {}, kAllDetectors & ~detector_bit(Detector::email)) == "");
}

TEST_CASE("phone") {
    expect_whole(Detector::phone, {"13800138000", "19912345678", "+8613800138000", "+86 13800138000",
                                   "+86-138-0013-8000", "0086 13912345678", "138 0013 8000", "138-0013-8000",
                                   "+12025550123", "+442071838750", "+861391234567", "8613800138000",
                                   "+1 415 555 2671", "+44 20 7946 0958", "+33 6.12.34.56.78", "+49-30-12345678",
                                   // A trunk prefix or an area code in parentheses; the country code in them;
                                   // the rest of the number in one group.
                                   "+44 (0)20 7946 0958", "+33 (0)6 12 34 56 78", "+1 (415) 555-2671", "+86 (10) 6234 5678",
                                   "(+86) 138 0013 8000", "(+86)13800138000", "+44 7700900123", "+1 4155552671",
                                   // Spaces and dashes mixed.
                                   "+1 415-555 2671", "+7 912 345-67-89", "+55 11 91234-5678", "+60 12-345 6789",
                                   "+7 (912) 345-67-89"});
    // Digits past the 15th are not the number's: it ends at the last group within 15.
    CHECK(scan("+1 415 555 2671 1234 5678") == "phone:+1 415 555 2671 1234");
    CHECK(scan("+44 7700 900123 300 200") == "phone:+44 7700 900123 300");
    CHECK(scan("+44 20 7946 0958 ext. 12") == "phone:+44 20 7946 0958");
    CHECK(scan("电话13800138000。") == "phone:13800138000");
    CHECK(scan("tel=+8613800138000&x=1") == "phone:+8613800138000");
    expect_nothing({"12800138000",      // 12x is not a mobile prefix
                    "1380013800",       // 10 digits
                    "138001380001",     // 12 digits
                    "a13800138000",     // glued to a word
                    "13800138000b", "1732350000000",  // millisecond timestamp
                    "+0123456789",      // country codes do not start with 0
                    "+1234567",         // too short
                    "+1234567890123456",  // too long
                    "138 0013 800",     "13800138000.5", "138-0013 8000",
                    "8612800138000",    // 86 then no mobile number
                    "+1 415 555",       // 7 digits
                    "+1 415.555 2671",  // dots go with dots only: 7 digits
                    "+1 415 555 2671.5", "+0 415 555 2671", "+1234 555 2671",
                    "+1 415 555 2671x", "+44 (12345)20 7946", "+44 (0)", "+1 (415)555", "(+1) 2345",
                    "+44 770090012345678"});
}

TEST_CASE("national numbers with their area code set apart: CN landlines, North America") {
    expect_whole(Detector::phone, {"010-62345678", "021-6123456", "0755-86013388", "0571 8888 6666", "0755-8601-3388",
                                   "(010)62345678", "(0755) 8601 3388", "(021) 6123-4567",
                                   "415-555-2671", "415.555.2671", "(415) 555-2671", "(415)555-2671", "(212) 555 0123",
                                   "1-800-555-0199", "1.415.555.2671"});
    CHECK(scan("联系电话：010-62345678（工作日）") == "phone:010-62345678");
    CHECK(scan("call (415) 555-2671 ext 12") == "phone:(415) 555-2671");
    // Full-width parentheses, as Chinese text writes them.
    CHECK(scan("电话：（010）62345678") == "phone:（010）62345678");
    CHECK(scan("（0755） 8601 3388。") == "phone:（0755） 8601 3388");
    CHECK(scan("（+86）13800138000") == "phone:（+86）13800138000");
    CHECK(scan("（+86） 138 0013 8000") == "phone:（+86） 138 0013 8000");
    expect_nothing({"010-12345678",     // a subscriber number does not start with 0 or 1
                    "0111-1234567",     // 2 groups, the subscriber number from 1 (011 is no CN area code)
                    "0255-123456",      // 0255 is no CN area code, and 10 digits from 1
                    "0755-123456",      // 6 digits
                    "0755-861013388",   // 9 digits
                    "0755.86013388",    // dots are not written in CN numbers
                    "0755 8601-3388",   // mixed separators
                    "300 299 1200",     // a list of counts
                    "415-555 2671", "415-555.2671",  // mixed separators
                    "115-555-2671", "415-155-2671",  // area and exchange codes start from 2
                    "415-555-267", "415-555-26710", "415-555-2671.5",
                    "2024-11-23", "1280-720-30", "2-415-555-2671x", "v415-555-2671",
                    "1-800 555-0199", "(415 555-2671", "(415) 555-2671x"});
}

TEST_CASE("other countries' national numbers from their trunk prefix 0, and 00 as the international prefix") {
    expect_whole(Detector::phone, {"03-1234-5678", "090-1234-5678", "0120-123-456", "02-1234-5678", "031-123-4567",
                                   "010-1234-5678", "0161 496 0123", "07700 900123", "030 23456789", "0170-2345678",
                                   "06 12 34 56 78", "01.23.45.67.89", "06 02 24 83 01", "06 1234 5678", "0412 345 678",
                                   "(02) 9876 5432", "(03)5678-1234", "(0161) 496 0123",
                                   // 00 dialled for +: the country code, then groups as after +.
                                   "0044 20 7946 0958", "0033 6 12 34 56 78", "001 415 555 2671", "0049-30-12345678",
                                   "0081 (0)3 1234 5678"});
    // Mobile numbers written whole, by their countries' mobile ranges.
    expect_whole(Detector::phone, {"09012345678", "07012345678", "08098765432", "01012345678", "07700900123",
                                   "01701234567", "0612345678", "0712345678", "0412345678"});
    expect_nothing({"0312345678", "05012345678", "01412345678", "0212345678", "00012345678", "0912345678",
                    "090123456789", "0901234567", "09012345678x", "09012345678.5"});
    CHECK(scan("tel:03-1234-5678。") == "phone:03-1234-5678");
    CHECK(scan("（03）1234-5678") == "phone:（03）1234-5678");
    CHECK(scan("ring 07700 900123 now") == "phone:07700 900123");
    expect_nothing({"021-12345678",       // a subscriber number alone does not start from 0 or 1
                    "0755.86013388",      // one group after the trunk group: a space or a dash
                    "03-1234-5678-9",     // goes on in a shape no number has
                    "0-1234-5678",        // the trunk group has more than the 0
                    "02-123-4567",        // 9 digits (Seoul's older form): as zero-padded counters
                    "010-019-011", "015 026 031", "0015 0026 0031", "03-0123-4567", "06 02 24 83",
                    "03-1234 5678",       // mixed separators leave 2 groups, the second from 1
                    "01.02.2026", "07-12-2026", "0123 4567 8901 2345", "03-1234-5678x", "v03-1234-5678",
                    "0x12 3456 7890", "0044", "0044 1234", "0012 345", "0044 (0)20"});
}

TEST_CASE("Russian and Kazakh national numbers from their trunk prefix 8, in the 3-2-2 layout") {
    expect_whole(Detector::phone, {"8 (912) 345-67-89", "8(912)345-67-89", "8 (495) 123 45 67", "8-912-345-67-89",
                                   "8 912 345-67-89", "8 (701) 234-56-78"});
    CHECK(scan("тел. 8 (495) 123-45-67, доб. 12") == "phone:8 (495) 123-45-67");
    expect_nothing({"8 400 300 20 10",    // spaces only, no parentheses: a list of counts
                    "8 912 345 67 89", "8-912-345-67-890", "8-912-345-6-789", "8-212-345-67-89", "8 (91) 345-67-89",
                    "8 (912 345-67-89", "8-912-345-67-89x", "v8-912-345-67-89", "8912-345-67-89"});
}

TEST_CASE("numbers typed in full-width digits, as Chinese input methods write them") {
    // "１３８００１３８０００": U+FF10..U+FF19, three bytes each.
    const auto wide = [](std::string_view ascii) {
        std::string out;
        for (char c : ascii) {
            if (c >= '0' && c <= '9') out += std::string("\xEF\xBC") + char(0x90 + (c - '0'));
            else if (c == '+') out += "\xEF\xBC\x8B";
            else if (c == 'X') out += "\xEF\xBC\xB8";
            else out += c;
        }
        return out;
    };
    expect_whole(Detector::phone, {wide("13800138000"), wide("+8613800138000"), wide("8613800138000"), wide("+442071838750")});
    expect_whole(Detector::cn_id, {wide("11010519491231002X"), wide("110105491231002"), wide("440304199001011233"), wide("11010519491231002") + "x"});
    expect_whole(Detector::bank_card, {wide("4111111111111111")});
    expect_whole(Detector::imei, {wide("490154203237518")});
    CHECK(scan("我的手机号是" + wide("13800138000") + "，谢谢") == "phone:" + wide("13800138000"));
    CHECK(scan("电话：" + wide("13800138000") + "（工作日）") == "phone:" + wide("13800138000"));
    expect_nothing({wide("12800138000"),    // 12x is not a mobile prefix
                    wide("138001380001"),   // 12 digits: not its last 11 either
                    "a" + wide("13800138000"), wide("13800138000") + "b",
                    wide("1732350000000"),  // a millisecond timestamp
                    wide("+0123456789"), wide("+1234567"), wide("4111111111111112"), wide("11010519491231002") + "Y",
                    "\xEF\xBC\x8C\xEF\xBC\x9A\xEF\xBC\x88"  /* "，：（" */});
    // Only with the detector on.
    CHECK(scan(wide("13800138000"), {}, kAllDetectors & ~detector_bit(Detector::phone)) == "");
    // In bodies: as UTF-8, as JSON escapes, percent-encoded.
    CHECK(run(R"({"msg":"tel )" + wide("13800138000") + R"("})", Format::json).body == R"({"msg":"tel [PHONE]"})");
    CHECK(run(R"({"msg":"\uff11\uff13\uff18\uff10\uff10\uff11\uff13\uff18\uff10\uff10\uff10"})", Format::json).body ==
          R"({"msg":"[PHONE]"})");
    CHECK(run("m=%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%90%EF%BC%90%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%90%EF%BC%90%EF%BC%90&n=1",
              Format::form).body == "m=%5BPHONE%5D&n=1");
}

TEST_CASE("ipv4") {
    expect_whole(Detector::ipv4, {"192.168.1.1", "10.0.0.1", "8.8.8.8", "255.255.255.255", "0.0.0.0",
                                  "172.16.254.3", "1.2.3.4", "100.64.0.10", "203.0.113.7", "127.0.0.1"});
    CHECK(scan("http://192.168.0.1:8080/x") == "ipv4:192.168.0.1");
    CHECK(scan("candidate:1 1 udp 2122260223 10.1.2.3 54321 typ host") == "ipv4:10.1.2.3");
    expect_nothing({"256.1.1.1", "1.2.3", "1.2.3.4.5", "4.68.4.1.2", "01.2.3.4", "1.2.3.04", "v1.2.3.4",
                    "1.2.3.4a", "Chrome/120.0.0.0", "x.1.2.3.4", "1.2.3.4.x"});
    // A version field keeps its four-part value; another field does not.
    CHECK(scan("4.68.4.1", "version") == "");
    CHECK(scan("4.68.4.1", "sdkVersion") == "");
    CHECK(scan("v4.68.4.1", "ver") == "");
    CHECK(scan("4.68.4.1", "sdk_version") == "");
    CHECK(scan("4.68.4.1", "host") == "ipv4:4.68.4.1");
    CHECK(scan("from 4.68.4.1", "version") == "ipv4:4.68.4.1");
}

TEST_CASE("ipv4: only a product token before '/' makes a dotted quad a version") {
    CHECK(scan("https://geo.example.com/lookup/203.0.113.7") == "ipv4:203.0.113.7");
    CHECK(scan("/api/ip/203.0.113.7") == "ipv4:203.0.113.7");
    CHECK(scan("x.test/203.0.113.7") == "ipv4:203.0.113.7");
    CHECK(scan("ip=/203.0.113.7") == "ipv4:203.0.113.7");
    CHECK(scan("peer:a/203.0.113.7") == "ipv4:203.0.113.7");
    for (std::string_view v : {"Chrome/120.0.0.0", "SDK/4.68.4.1", "my-sdk_2/4.68.4.1",
                               "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36",
                               "agent (TRTC/4.68.4.1)"}) {
        INFO(v);
        CHECK(scan(v) == "");
    }
}

TEST_CASE("ipv6") {
    expect_whole(Detector::ipv6, {"2001:db8::1", "::1", "fe80::1%eth0", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                                  "::ffff:192.0.2.1", "2001:db8:0:0:1:0:0:1", "fe80::a00:27ff:fe4e:66a1%en0",
                                  "64:ff9b::192.0.2.33", "2001:db8::", "FE80::0202:B3FF:FE1E:8329"});
    CHECK(scan("[2001:db8::1]:443") == "ipv6:2001:db8::1");
    expect_nothing({"dead::beef", "a::b", "12:30:45", "std::string", "::", "1:2:3:4:5:6:7",
                    "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "12345::1", "fe80::1::2"});
}

TEST_CASE("mac") {
    expect_whole(Detector::mac, {"aa:bb:cc:dd:ee:01", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "f0:18:98:12:34:56",
                                 "3c:22:fb:00:00:01", "AC-DE-48-00-11-22", "02:42:ac:11:00:02", "b8:27:eb:aa:bb:cc",
                                 "dc:a6:32:01:02:03", "08:00:27:4e:66:a1"});
    expect_nothing({"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "aa:bb:cc:dd:ee", "aa:bb-cc:dd:ee:ff",
                    "aa:bb:cc:dd:ee:ff:00", "gg:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:fff", "aabbccddeeff",
                    "12:30:45:00:11:zz", "a:bb:cc:dd:ee:ff"});
}

TEST_CASE("imei") {
    expect_whole(Detector::imei, {"490154203237518", "356941064371656", "860123456789014", "012345678901237",
                                  "990001234567899", "353320110044117", "865204031234562", "351451208401216",
                                  "013263009623488", "358756091111232"});
    expect_nothing({"490154203237519", "356941064371657", "860123456789015", "012345678901238", "990001234567890",
                    "4901542032375180", "490154203237", "a490154203237518", "490154203237518b",
                    "353320110044118"});
}

TEST_CASE("PRC resident id") {
    expect_whole(Detector::cn_id, {"11010519491231002X", "11010519491231002x", "440304199001011233",
                                   "310115200002294567", "510107198511303211", "650102199912310010",
                                   "110101200010100077", "350203201211118887", "320106197006154335",
                                   "430104198808081761", "120101196001010080", "110105491231002"});
    CHECK(scan("身份证号110105 19491231 002X") == "cn_id:110105 19491231 002X");
    expect_nothing({"110105194912310021",  // check digit
                    "11010519491231002Y", "110105194913310020",  // month 13
                    "990105194912310025",  // province
                    "110105194902300024",  // 30 February
                    "1101051949123100211", "a11010519491231002X", "11010519491231002Xa", "310115850229456",
                    "110105491331002"});
}

TEST_CASE("bank card") {
    expect_whole(Detector::bank_card, {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
                                       "6212345678901232", "622202100203056788", "4000000000000002",
                                       "2223000048400011", "6222021002030567890", "4111 1111 1111 1111",
                                       "4111-1111-1111-1111", "3782 822463 10005", "6222 0210 0203 0567 890"});
    expect_nothing({"4111111111111112",   // Luhn
                    "1732350000000",      // millisecond timestamp
                    "1732350000000123",   // microseconds
                    "8111111111111110",   // not a card network
                    "411111111111",       // 12 digits
                    "41111111111111111111",  // 20 digits
                    "4111 1111 1111 1112", "4111-1111 1111-1111", "order 20241123000000017", "6222021002030567891"});
}

TEST_CASE("uuid and hex ids") {
    expect_whole(Detector::uuid, {"123e4567-e89b-12d3-a456-426614174000", "550E8400-E29B-41D4-A716-446655440000",
                                  "f47ac10b-58cc-4372-a567-0e02b2c3d479", "00000000-0000-0000-0000-000000000001",
                                  "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                                  "c9bf9e57-1685-4c89-bafb-ff5af830be8a", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                                  "01890a5d-ac96-774b-bcce-b302099a8057", "de305d54-75b4-431b-adb2-eb6b9e546014"});
    expect_whole(Detector::hex_id, {"5d41402abc4b2a76b9719d911017c592", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4",
                                    "A1B2C3D4E5F60718293A4B5C6D7E8F90", "0123456789abcdef0123456789abcdef01",
                                    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"});
    expect_nothing({"00000000-0000-0000-0000-000000000000", "123e4567-e89b-12d3-a456-42661417400",
                    "123e4567e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000g",
                    "5d41402abc4b2a76b9719d911017c59",          // 31 hex chars
                    "12345678901234567890123456789012345",      // digits only
                    "abcdefabcdefabcdefabcdefabcdefabcdef",     // letters only
                    "5d41402abc4b2a76b9719d911017c592g", "x5d41402abc4b2a76b9719d911017c592",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff"});
}

TEST_CASE("jwt and bearer") {
    const std::string jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0."
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    CHECK(scan(jwt) == "jwt:" + jwt);
    CHECK(scan("t=" + jwt + "&x") == "jwt:" + jwt);
    CHECK(scan("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.") == "jwt:eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
    // Starts like a JWT but the header does not decode to a JOSE header.
    CHECK(scan("eyJmb28iOiJiYXIifQ.eyJzdWIiOiJ4In0.abc") == "");
    CHECK(scan("eyJhbGciOiJIUzI1NiJ9") == "");                 // one part
    CHECK(scan("xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc") == "");
    // The header is read at most 1024 bytes (real ones are a few dozen): at the bound it is
    // a JWT, one byte over it is not.
    const std::string header = "eyJhbGciOiJub25lIn0";
    const std::string at_cap = header + std::string(1024 - header.size(), 'A') + ".eyJzdWIiOiJ4In0.sig";
    const std::string over_cap = header + std::string(1025 - header.size(), 'A') + ".eyJzdWIiOiJ4In0.sig";
    CHECK(scan(at_cap) == "jwt:" + at_cap);
    CHECK(scan(over_cap) == "");

    CHECK(scan("Authorization: Bearer abcDEF123456.xyz") == "bearer:abcDEF123456.xyz");
    CHECK(scan("bearer  " + jwt) == "bearer:" + jwt);
    CHECK(scan("Authorization: Basic dXNlcjpwYXNzd29yZA==") == "bearer:dXNlcjpwYXNzd29yZA==");
    CHECK(scan("basic YTpiYzpk.") == "bearer:YTpiYzpk");  // "a:bc:d"
    CHECK(scan("Basic information about the call") == "");  // decodes to no user:password pair
    CHECK(scan("Basic dXNlcnBhc3N3b3Jk") == "");              // "userpassword": no colon
    CHECK(scan("Basic AAECAwQ6BQYH") == "");                  // a colon among control bytes
    CHECK(scan("Bearer short") == "");
    CHECK(scan("Bearers abcdefghijkl") == "");
    CHECK(scan("xBearer abcdefghijkl") == "");
}

TEST_CASE("url userinfo and token parameters") {
    CHECK(scan("https://user:pass@example.com/x") == "url_userinfo:user:pass");
    CHECK(scan("see ftp://anon@ftp.example.org") == "url_userinfo:anon");
    CHECK(scan("wss://a%40b:p%3Ass@rtc.example.com:443") == "url_userinfo:a%40b:p%3Ass");
    CHECK(scan("https://example.com/a@b") == "");
    CHECK(scan("https://@example.com") == "");

    CHECK(scan("https://x.com/cb?token=abc123&x=1") == "token_param:abc123");
    CHECK(scan("?access_token=ya29.a0Af&expires=3600") == "token_param:ya29.a0Af");
    CHECK(scan("a=1&signature=0f3c%2B9==&b=2") == "token_param:0f3c%2B9==");
    CHECK(scan("sessionId=s1; path=/") == "token_param:s1");
    CHECK(scan("key=k&secret=s&password=p&sig=q&auth=r&session=t") ==
          "token_param:k|token_param:s|token_param:p|token_param:q|token_param:r|token_param:t");
    CHECK(scan("x-api-key=AKIA123") == "token_param:AKIA123");
    CHECK(scan("tokens=5&monkey=3&keyframe=1&token=") == "");
    // Headers as log lines write them: the rest of the line, for the strict names.
    CHECK(scan("GET /x\r\nX-Access-Token: abc def \r\nHost: a") == "token_param:abc def");
    CHECK(scan("Cookie: sid=abc123; uid=42") == "token_param:sid=abc123; uid=42");
    // Authorization keeps its scheme: Bearer and Basic are the bearer detector's.
    CHECK(scan("Authorization: Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag") == "token_param:YIIGhgYGKwYBBQUCoIIGejCCBnag");
    CHECK(scan("Authorization: Basic c2hvcnQ") == "token_param:c2hvcnQ");  // too short for the bearer detector
    CHECK(scan("auth_password: abc def") == "token_param:abc def");
    CHECK(scan("set-cookie: a=1\"}") == "token_param:a=1");
    CHECK(scan("key: resolution, session: 3, token:x, Token:  ") == "");
    CHECK(is_secret_name("accessToken", true));
    CHECK(is_secret_name("client_secret", true));
    CHECK_FALSE(is_secret_name("key", true));
    CHECK(is_secret_name("key", false));
    CHECK_FALSE(is_secret_name("token_type", false));
}

TEST_CASE("secret names longer than 64 bytes are read by their suffix") {
    const std::string long_token = std::string(57, 'x') + "_access_token";  // 70 bytes
    CHECK(is_secret_name(long_token, true));
    CHECK(is_secret_name(std::string(200, 'a') + "Password", false));
    CHECK_FALSE(is_secret_name(std::string(70, 'x') + "_token_type", false));
    // The exact and loose names match only whole names: a long name that ends in them does not.
    CHECK_FALSE(is_secret_name(std::string(70, '_') + "pwd", true));
    CHECK_FALSE(is_secret_name(std::string(70, '_') + "key", false));
    CHECK(scan(long_token + "=abc123") == "token_param:abc123");
}

TEST_CASE("may_be_strict_secret_name never says no to a credential name") {
    // Every strict name and suffix, in the spellings payloads use, and names ending in them.
    for (const char* name : {"pwd", "Authorization", "credential", "credentials", "passphrase", "Cookie", "Set-Cookie",
                              "userSig", "token", "access_token", "x-auth-token.", "client_secret", "PASSWORD", "passwd",
                              "signature", "apiKey", "accessKey", "secret_key", "privateKey", "sessionId", "session_key",
                              "user[password]", "password[]", "token_", "a.b.sessionid"}) {
        INFO(name);
        CHECK(is_secret_name(name, true));
        CHECK(may_be_strict_secret_name(name));
    }
    // It says no to ordinary names, which is what it is for.
    for (const char* name : {"ts", "rtt", "loss", "bitrate", "width", "codec", "jitter", "event", "level", "x", ""})
        CHECK_FALSE(may_be_strict_secret_name(name));
    // Random names around credential words: wherever is_secret_name says yes, so does the filter.
    std::uint32_t seed = 7;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    const std::string bytes = "aZ_-.[]0x";
    const char* words[] = {"Token", "secret", "PassWord", "pass_wd", "sig-nature", "ApiKey", "usersig", "cookie", "sessionid",
                           "credentials", "pwd", "authorization", "passphrase", "key", "auth", "session"};
    const char* tails[] = {"", "_", "-.", "[]", "[0]", "[x]", "]", "[token]", "0"};
    std::size_t secrets = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string name;
        for (int k = int(next() % 4); k > 0; --k) name += bytes[next() % bytes.size()];
        name += words[next() % std::size(words)];
        name += tails[next() % std::size(tails)];
        if (!is_secret_name(name, true)) continue;
        ++secrets;
        INFO(name);
        CHECK(may_be_strict_secret_name(name));
    }
    CHECK(secrets > 5000);
}

TEST_CASE("bracketed form and query names are read by the part that names the value") {
    for (const char* name : {"password[]", "password[0]", "user[password]", "auth[accessToken][3]", "[token]", "a[b][secret]"})
        CHECK(is_secret_name(name, true));
    for (const char* name : {"token[type]", "user[name]", "[]", "]", "password]x", "list[0]"})
        CHECK_FALSE(is_secret_name(name, true));
    CHECK(scan("user[password]=hunter2&user[name]=li&list[0]=x") == "token_param:hunter2");
    CHECK(scan("log: password[]=a password[0]=b auth[token][1]=c") == "token_param:a|token_param:b|token_param:c");
    CHECK(run("password%5B%5D=hunter2&password%5B%5D=letmein&n=1", Format::form).body ==
          "password%5B%5D=%5BTOKEN%5D&password%5B%5D=%5BTOKEN%5D&n=1");
    CHECK(run("https://x.example/cb?auth[token]=abc123&v=2", Format::query).body ==
          "https://x.example/cb?auth[token]=%5BTOKEN%5D&v=2");
}

TEST_CASE("a coordinate in a field of its own is found by its key") {
    CHECK(scan("39.904211", "lat") == "latlng:39.904211");
    CHECK(scan("-116.407", "longitude") == "latlng:-116.407");
    for (const char* key : {"lat", "LAT", "latitude", "geoLat", "user_lat", "loc.lat", "lng", "lon", "long", "userLongitude"})
        CHECK(keyed_coordinate("+12.3456", key, kAllDetectors));
    // Not a coordinate's key, not precise enough (two decimals: about 1 km), out of range, or not one decimal.
    for (const char* key : {"plan", "salon", "flat", "lat2", "latency", "longValue", "", "x"})
        CHECK_FALSE(keyed_coordinate("12.3456", key, kAllDetectors));
    for (const char* value : {"39.90", "39", "91.123", "90.001", "181.5", "1234.567", ".123", "-.123", "39.904211a", "39.9.1", "+-1.234", ""})
        CHECK_FALSE(keyed_coordinate(value, "lat", kAllDetectors));
    CHECK(keyed_coordinate("90.000", "lat", kAllDetectors));
    CHECK(keyed_coordinate("180.000", "lng", kAllDetectors));
    CHECK(keyed_coordinate("135.123", "lng", kAllDetectors));
    CHECK_FALSE(keyed_coordinate("135.123", "lat", kAllDetectors));
    for (const char* key : {"coordinates", "geometry.coordinates", "userCoords", "coord", "latlng", "LngLat", "lat_lon", "geo", "gps"})
        CHECK(coordinate_list_key(key));
    for (const char* key : {"position", "location", "point", "x", "", "coordinatesList", "ratios", "userLatLng", "latlngs"})
        CHECK_FALSE(coordinate_list_key(key));
    // A place's name holds a coordinate list only when its array reads as one pair.
    for (const char* key : {"location", "position", "userLocation", "map_center", "point", "pos", "loc", "lastPosition"})
        CHECK(coordinate_pair_value(key, "[116.407395,39.904211]"));
    CHECK(coordinate_pair_value("location", "[ 39.9042 , -116.4074 , 43.5 ]"));
    CHECK(coordinate_pair_value("location", "[-33.868,151.209]"));
    for (const char* array : {"[116.4,39.9]", "[300.123,39.904]", "[116.407,100.123]", "[116.407,39.904,1,2]", "[116.407]",
                              "[116.407,\"39.904\"]", "[[116.407,39.904]]", "[116.407,39.904", "[]", "[116.407,,39.904]",
                              "[1280.5,720.25]", "[123.456787,456.789]"})
        CHECK_FALSE(coordinate_pair_value("location", array));
    for (const char* key : {"coordinates", "locations", "relocation", "x", ""})
        CHECK_FALSE(coordinate_pair_value(key, "[116.407395,39.904211]"));
    CHECK(precise_coordinate("-179.999", 180));
    CHECK_FALSE(precise_coordinate("180.001", 180));
    // Only with the detector on.
    CHECK_FALSE(keyed_coordinate("39.904211", "lat", kAllDetectors & ~detector_bit(Detector::latlng)));
}

TEST_CASE("a coordinate after its name in running text, as log lines write it") {
    CHECK(scan("pos lat=39.904200 lng=116.407396") == "latlng:39.904200|latlng:116.407396");
    CHECK(scan("geo lat:39.9042 lon:-116.4074") == "latlng:39.9042|latlng:-116.4074");
    CHECK(scan("report {\"latitude\":31.230416,\"longitude\":121.473701}") == "latlng:31.230416|latlng:121.473701");
    CHECK(scan("lat = '39.904200'") == "latlng:39.904200");
    CHECK(scan("user.geoLatitude=31.2304") == "latlng:31.2304");
    expect_nothing({"lat=39.90",         // two decimals: a city, not a place
                    "lat=91.1234",       // out of a latitude's range
                    "lng=181.5",
                    "lat=39.9042ms",     // glued to a unit
                    "lat=39.9042.1",     // a dotted run
                    "flat=39.9042",      // another name
                    "rate=39.904200", "lat39.904200", "lat=x39.9042", "lat=1e5"});
}

TEST_CASE("latitude/longitude pairs") {
    expect_whole(Detector::latlng, {"39.9042,116.4074", "39.9042, 116.4074", "-33.8688,151.2093", "51.507,-0.127",
                                    "-90.000,-180.000", "90.000,180.000", "0.123,0.456", "22.54309,114.05787",
                                    "31.230416,121.473701", "-1.2921,36.8219"});
    expect_nothing({"39.90,116.40",     // fewer than three decimals
                    "91.1234,116.4074", "39.9042,181.0000", "39.9042;116.4074", "a39.9042,116.4074",
                    "39.9042,116.4074.5", "1.39.9042,116.4074", "39.9042,116.4074x", "1234.567,1.234",
                    "39.9042,,116.4074"});
}

TEST_CASE("traps stay untouched") {
    expect_nothing({"1732350000000", "ts=1732350000000", "ssrc=3735928559", "4294967295", "1234567890",
                    "order 4111111111111112", "version 4.68.4.1.2", "Chrome/131.0.6778.86", "2024-11-23",
                    "12:30:45.123", "3.14159", "frameRate=29.97", "rtt 0.125"});
    CHECK(scan("{\"ts\":1732350000000,\"ssrc\":123456789}") == "");
}

TEST_CASE("several detectors in one line, disabled detectors") {
    CHECK(scan("u=alice@example.com ip=10.0.0.1 tel 13800138000") ==
          "email:alice@example.com|ipv4:10.0.0.1|phone:13800138000");
    CHECK(scan("u=alice@example.com ip=10.0.0.1", {}, detector_bit(Detector::ipv4)) == "ipv4:10.0.0.1");
    CHECK(scan("alice@example.com", {}, 0) == "");
}

// possible_detectors() lets find_spans skip values; it must never leave out a detector that
// would have matched. Strings are glued from pieces of real findings and random bytes so
// that most of them hold partial or complete matches.
TEST_CASE("possible_detectors is a superset of what the detectors find") {
    const std::vector<std::string> pieces = {
        "alice@example.com", "13800138000", "+86 138 0013 8000", "+12025550123", "192.168.1.1", "fe80::1%eth0",
        "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1", "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "490154203237518",
        "11010519491231002X", "4111111111111111", "4111 1111 1111 1111", "123e4567-e89b-12d3-a456-426614174000",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "Bearer abcdefgh12345678", "https://u:p@host.example",
        "access_token=abc123", "\"token\":\"s3cr3t\"", "39.9042,116.4074", "-33.8688, 151.2093", "v4.68.4.1",
        "lat=39.904200", "\"lng\":-116.4074", "lon: 151.2093",
        "o=- 4611731400430051336 2 IN IP4", " ", ",", ".", "-", ":", "=", "@", "\"", "+", "x", "7",
        // At the prefilter's exact bounds: 8 digits (phone), 15 bytes (bearer).
        "+12345678", "Bearer abcdefgh", "Basic YTpiYzpk", "+1 415 555 2671", "8613800138000", "Cookie: a"};
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    const std::string bytes = "0123456789abcdefxyzABCX.-:@=,\" +/_%";
    std::size_t checked = 0, with_findings = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        int parts = 1 + int(next() % 4);
        for (int k = 0; k < parts; ++k) {
            if (next() % 3 == 0) {
                for (int b = int(next() % 6); b >= 0; --b) s += bytes[next() % bytes.size()];
            } else {
                std::string p = pieces[next() % pieces.size()];
                if (next() % 4 == 0 && p.size() > 2) p.erase(next() % p.size(), 1);  // near misses
                s += p;
            }
        }
        std::vector<Span> spans;
        find_spans_unfiltered(s, kAllDetectors, "", spans);  // a key only ever removes findings
        DetectorSet possible = possible_detectors(s);
        for (const Span& sp : spans) {
            INFO("text: " << s << "  finding: " << detector_name(sp.kind));
            CHECK((possible & detector_bit(sp.kind)) != 0);
        }
        ++checked;
        with_findings += !spans.empty();
    }
    CHECK(with_findings > checked / 4);  // the generator does produce findings
    // And it does leave detectors out: short words and small numbers need none.
    for (std::string_view plain : {"rtc_stats", "VP8", "ok", "room_12", "u_345", "1280"}) CHECK(possible_detectors(plain) == 0);
    CHECK(possible_detectors("a@b.cn") == (detector_bit(Detector::email) | detector_bit(Detector::url_userinfo) |
                                           detector_bit(Detector::jwt) | detector_bit(Detector::ipv4)));
}
