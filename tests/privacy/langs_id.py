"""Indonesian texts for tests/privacy/test_langs_regional.py: requests with planted values, harmless prompts (issue 16).

The first 5 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

REQUESTS = [
    (
        (
            "Mohon bantu verifikasi data nasabah berikut. Nama lengkap: Siti Nurhaliza Rahmawati, NIK: "
            "3174094507880003, tanggal lahir 05-07-1988, alamat: Jl. Kemang Raya No. 15, RT 004/RW 007, "
            "Kel. Bangka, Kec. Mampang Prapatan, Jakarta Selatan 12730. No. HP 0812-3456-7890."
        ),
        [
            "Siti Nurhaliza Rahmawati",
            "3174094507880003",
            "05-07-1988",
            "Jl. Kemang Raya No. 15, RT 004/RW 007",
            "Kel. Bangka",
            "0812-3456-7890",
        ],
    ),
    (
        (
            "Pasien Bapak Agus Setiawan (52 th) kontrol rutin dengan diagnosis diabetes melitus tipe 2 "
            "dan hipertensi. Terapi: metformin 500 mg 2x sehari. No. rekam medis: RM-0045821."
        ),
        ["Agus Setiawan", "diabetes melitus", "hipertensi", "metformin", "RM-0045821"],
    ),
    (
        (
            "Halo dok, saya Ibu Dewi Lestari, sudah 2 kali gagal program bayi tabung. Apakah "
            "endometriosis saya jadi penyebabnya? Nomor BPJS saya 0001234567891."
        ),
        ["Dewi Lestari", "bayi tabung", "endometriosis", "0001234567891"],
    ),
    (
        (
            "Surat panggilan sidang untuk Sdr. Rudi Hartono, nomor perkara 123/Pid.B/2026/PN Jkt.Sel, "
            "agar hadir di Pengadilan Negeri Jakarta Selatan."
        ),
        ["Rudi Hartono", "123/Pid.B/2026/PN Jkt.Sel"],
    ),
    (
        (
            "Saya mau refund pesanan nomor INV/20261103/MPL/3345127, paketnya rusak. Rekening BCA a.n. "
            "Yohanes Pratama no. rek 5270123456."
        ),
        ["INV/20261103/MPL/3345127", "Yohanes Pratama", "5270123456"],
    ),
    (
        (
            "Kak, pesanan saya dengan no. resi JNT0012345678 belum sampai. Atas nama Rina Marlina, "
            "alamat Perum Griya Asri Blok C2 No. 7, Kec. Cibinong, Kab. Bogor 16911. WA 0857-1122-3344."
        ),
        ["JNT0012345678", "Rina Marlina", "Perum Griya Asri Blok C2 No. 7", "0857-1122-3344"],
    ),
    (
        (
            "Pendaftaran siswa baru: nama siswa Muhammad Fajar Nugroho, NISN 0098765432, tempat/tgl. "
            "lahir Surabaya, 14 Maret 2012, nama ayah Bambang Nugroho."
        ),
        ["Muhammad Fajar Nugroho", "0098765432", "14 Maret 2012", "Bambang Nugroho"],
    ),
    (
        (
            "Ibu saya, Ny. Sumarni (81 th), menderita demensia dan stroke ringan. Beliau rutin minum "
            "amlodipine 5 mg. Tolong carikan perawat lansia di sekitar Depok."
        ),
        ["Sumarni", "demensia", "stroke", "amlodipine"],
    ),
]
HARMLESS = [
    "Resep nasi goreng kampung: tumis bawang merah, bawang putih dan cabai, lalu masukkan nasi dan kecap manis.",
    (
        "Rekomendasi tempat wisata di Yogyakarta: Candi Prambanan, Malioboro dan Pantai Parangtritis. "
        "Naik kereta dari Jakarta sekitar 8 jam."
    ),
    "Timnas Indonesia menang 3-0 atas Brunei di Stadion Gelora Bung Karno tadi malam, Bapak presiden ikut menonton.",
    "Ibu Kota Nusantara akan menjadi pusat pemerintahan baru Indonesia.",
    "Bagaimana cara membuat rendang daging sapi yang empuk dan bumbunya meresap?",
    "Jalan-jalan ke Bali enaknya bulan apa ya? Saya mau ke Ubud dan Uluwatu.",
]


# Harmless prompts the name finders (names.py, ner_lowercase.py) still change:
# ordinary Indonesian words taken for names.
NAME_FINDER_GAPS = {1, 2, 3}
