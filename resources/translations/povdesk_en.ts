<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name></name>
    <message>
        <location filename="../../ui/errors.py" line="33"/>
        <source>Dữ liệu chưa hợp lệ</source>
        <translation>Invalid data</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="35"/>
        <source>Không có quyền</source>
        <translation>Permission denied</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="37"/>
        <source>Không tìm thấy</source>
        <translation>Not found</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="39"/>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="40"/>
        <source>Lỗi không mong đợi</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="48"/>
        <source>… và %n lỗi khác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="53"/>
        <source>Không đọc/ghi được tệp: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="54"/>
        <source>Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu trước đó không bị ảnh hưởng.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="56"/>
        <source>Thông tin chung</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="58"/>
        <source>Thu nhập</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="59"/>
        <source>Nhà ở</source>
        <translation>Housing</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="60"/>
        <source>Nước sạch và vệ sinh</source>
        <translation>Water and sanitation</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="61"/>
        <source>Tiếp cận thông tin</source>
        <translation>Access to information</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="62"/>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="68"/>
        <source>Mã xã</source>
        <translation>Commune code</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="68"/>
        <source>Tên xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="68"/>
        <location filename="../../ui/models/households.py" line="46"/>
        <source>Thôn/tổ</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="68"/>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="69"/>
        <location filename="../../ui/models/households.py" line="44"/>
        <source>Mã hộ</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="69"/>
        <source>Năm rà soát</source>
        <translation>Review year</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="69"/>
        <source>Ngày rà soát</source>
        <translation>Survey date</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="70"/>
        <source>Rà soát viên</source>
        <translation>Enumerator</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="70"/>
        <location filename="../../ui/models/households.py" line="45"/>
        <source>Chủ hộ</source>
        <translation>Head</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="70"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="71"/>
        <location filename="../../ui/models/households.py" line="48"/>
        <source>Thu nhập BQ</source>
        <translation>Income/person</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="71"/>
        <source>Điểm A</source>
        <translation>Score A</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="71"/>
        <source>Năm trước</source>
        <translation>Last year</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="72"/>
        <source>Hộ có công</source>
        <translation>Person of merit</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="72"/>
        <source>Tường</source>
        <translation>Walls</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="72"/>
        <source>Khung, cột</source>
        <translation>Frame</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="72"/>
        <source>Mái</source>
        <translation>Roof</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="73"/>
        <source>Diện tích (m²)</source>
        <translation>Floor area (m²)</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="73"/>
        <source>Nguồn nước</source>
        <translation>Water source</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="73"/>
        <source>Nhà tiêu</source>
        <translation>Latrine</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="74"/>
        <source>Xử lý rác</source>
        <translation>Waste</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="74"/>
        <source>Dùng internet</source>
        <translation>Uses internet</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="75"/>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="75"/>
        <source>Nguyên nhân</source>
        <translation>Causes</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="75"/>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="154"/>
        <source>Thêm thành viên</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="156"/>
        <source>Xóa thành viên</source>
        <translation>Remove member</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="157"/>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="158"/>
        <source>Xuống</source>
        <translation>Down</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="164"/>
        <source>Thành viên hộ</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="191"/>
        <source>Lỗi và cảnh báo</source>
        <translation>Errors and warnings</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="248"/>
        <source>(hộ mới)</source>
        <translation>(new household)</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="306"/>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="306"/>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="314"/>
        <source>Lỗi và cảnh báo (%1 lỗi, %2 cảnh báo)</source>
        <translation>Errors and warnings (%1 errors, %2 warnings)</translation>
    </message>
    <message>
        <location filename="../../ui/views/editor.py" line="323"/>
        <source>thành viên %1, %2</source>
        <translation>member %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="47"/>
        <source>Số TV</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="49"/>
        <source>Chỉ số thiếu hụt</source>
        <translation>Deprivations</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="50"/>
        <source>Phân loại</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="53"/>
        <source>Bước rà soát</source>
        <translation>Review stage</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="67"/>
        <source>chưa phân loại</source>
        <translation>not classified</translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="161"/>
        <source>điểm A %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="175"/>
        <source>Hộ chưa có kết quả phân loại (dữ liệu thiếu hoặc lỗi): mở phiếu để sửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models/households.py" line="177"/>
        <source>Có ghi chú</source>
        <translation>Has comments</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="40"/>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="41"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="42"/>
        <source>Quan hệ</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="43"/>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="44"/>
        <source>Ngày/năm sinh</source>
        <translation>Birth date/year</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="45"/>
        <source>Dân tộc</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="46"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="47"/>
        <source>Việc làm</source>
        <translation>Employment</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="48"/>
        <source>Khả năng LĐ</source>
        <translation>Able to work</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="49"/>
        <source>Trợ cấp XH</source>
        <translation>Allowance</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="50"/>
        <source>BHYT</source>
        <translation>Health ins.</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="51"/>
        <source>Trình độ</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="52"/>
        <source>Đang đi học</source>
        <translation>In school</translation>
    </message>
    <message>
        <location filename="../../ui/models/members.py" line="53"/>
        <source>Dinh dưỡng</source>
        <translation>Nutrition</translation>
    </message>
</context>
<context>
    <name>ClassificationPanel</name>
    <message>
        <location filename="../../ui/widgets/classification.py" line="20"/>
        <source>Kết quả phân loại (tạm tính)</source>
        <translation>Classification (provisional)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/classification.py" line="42"/>
        <source>Chuẩn %1</source>
        <translation>Rule set %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/classification.py" line="45"/>
        <source>Thiếu hụt %n chỉ số:</source>
        <translation>Deprived in %n indicators:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/classification.py" line="48"/>
        <source>Không thiếu hụt chỉ số nào</source>
        <translation>No deprivation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/classification.py" line="53"/>
        <source>Chưa phân loại được</source>
        <translation>Cannot classify yet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/classification.py" line="57"/>
        <source>Còn %n lỗi cần sửa (xem danh sách bên dưới)</source>
        <translation>%n errors to fix (see the list below)</translation>
    </message>
</context>
<context>
    <name>HouseholdListView</name>
    <message>
        <location filename="../../ui/views/household_list.py" line="40"/>
        <source>Tìm theo tên, mã hộ hoặc số định danh — gõ không dấu cũng được</source>
        <translation>Search by name, household code or ID number — accents optional</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="46"/>
        <source>Có lỗi</source>
        <translation>Has errors</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="47"/>
        <source>Hộ chưa có kết quả phân loại (thiếu dữ liệu hoặc dữ liệu lỗi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="48"/>
        <source>Có ghi chú</source>
        <translation>Has comments</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="49"/>
        <source>Hộ có ghi chú hoặc có ý kiến rà soát chưa xử lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="52"/>
        <source>Mọi phân loại</source>
        <translation>All classes</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="55"/>
        <source>Chưa phân loại</source>
        <translation>Not classified</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="123"/>
        <source>Năm %1</source>
        <translation>Year %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="124"/>
        <source>Mọi năm</source>
        <translation>All years</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="129"/>
        <source>Mọi thôn/tổ</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="137"/>
        <source>Mọi bước rà soát</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../../ui/views/household_list.py" line="173"/>
        <source>%1 hộ</source>
        <translation>%1 households</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>Cập nhật chỉ mục tìm kiếm</source>
        <translation>Update search index</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124"/>
        <source> (dữ liệu mẫu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>Tệp dữ liệu &amp;mới…</source>
        <translation>&amp;New data file…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>&amp;Mở tệp dữ liệu…</source>
        <translation>&amp;Open data file…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Lưu một &amp;bản sao…</source>
        <translation>Save a &amp;copy…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>Mở dữ liệu &amp;mẫu</source>
        <translation>Open &amp;sample data</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158"/>
        <source>&amp;Thoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>&amp;Hoàn tác</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="160"/>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>&amp;Làm lại</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>&amp;Tìm hộ</source>
        <translation>&amp;Find household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>&amp;Danh sách hộ</source>
        <translation>Household &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>&amp;Phiếu hộ</source>
        <translation>Household &amp;form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Thêm &amp;hộ mới</source>
        <translation>&amp;New household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>&amp;Lưu hộ</source>
        <translation>&amp;Save household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Hộ &amp;trước</source>
        <translation>&amp;Previous household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>Hộ &amp;sau</source>
        <translation>Ne&amp;xt household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>Thêm thành &amp;viên</source>
        <translation>Add &amp;member</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>&amp;Xóa thành viên</source>
        <translation>&amp;Remove member</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Chuyển thành viên lên</source>
        <translation>Move member up</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Chuyển thành viên xuống</source>
        <translation>Move member down</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>&amp;Bỏ các thay đổi chưa lưu</source>
        <translation>&amp;Discard unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>&amp;Phân loại lại tất cả hộ</source>
        <translation>&amp;Reclassify all households</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Mở &amp;gần đây</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197"/>
        <source>&amp;Hộ</source>
        <translation>&amp;Household</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <source>Công cụ</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>Đã hủy: </source>
        <translation>Cancelled: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>Không thực hiện được: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="269"/>
        <source>Xong: </source>
        <translation>Done: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="297"/>
        <source>Phân loại lại các hộ</source>
        <translation>Reclassify households</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="325"/>
        <source>Thay đổi chưa lưu</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326"/>
        <source>Phiếu hộ có thay đổi chưa lưu. Lưu trước khi tiếp tục?</source>
        <translation>The household form has unsaved changes. Save before continuing?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="363"/>
        <source>Có bản nháp</source>
        <translation>Draft found</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="364"/>
        <source>Hộ này có bản nháp chưa lưu (lúc %1). Khôi phục bản nháp?</source>
        <translation>This household has an unsaved draft (from %1). Restore it?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393"/>
        <source>Chưa lưu: còn %n lỗi (ô tô đỏ). Sửa rồi lưu lại.</source>
        <translation>Not saved: %n errors (red fields). Fix them and save again.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405"/>
        <source>Đã lưu hộ %1: %2</source>
        <translation>Saved household %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="409"/>
        <source> (%n cảnh báo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="411"/>
        <source>Lưu hộ %1</source>
        <translation>Save household %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="440"/>
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="474"/>
        <source>Mở tệp dữ liệu</source>
        <translation>Open data file</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476"/>
        <source>Dữ liệu povdesk (*.sqlite *.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="484"/>
        <source>Tạo tệp dữ liệu mới</source>
        <translation>New data file</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="486"/>
        <location filename="../../ui/main_window.py" line="499"/>
        <source>Dữ liệu povdesk (*.sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="497"/>
        <source>Lưu một bản sao</source>
        <translation>Save a copy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512"/>
        <source>Lưu bản sao</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512"/>
        <source>Đã lưu bản sao: </source>
        <translation>Copy saved: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="534"/>
        <source>Tạo dữ liệu mẫu</source>
        <translation>Create sample data</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="557"/>
        <source>Thêm xã %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="572"/>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>povdesk %1 — phần mềm rà soát hộ nghèo, hộ cận nghèo, chạy không cần mạng.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="27"/>
        <source>Chào mừng đến với povdesk</source>
        <translation>Welcome to povdesk</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="32"/>
        <source>Tệp dữ liệu này chưa có xã nào. Nhập xã (phường) mà bạn rà soát và tên của bạn; hoặc mở dữ liệu mẫu để xem thử ứng dụng với một xã đầy đủ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="43"/>
        <source>Xã Minh Hòa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="49"/>
        <source>Mã xã (5 chữ số)</source>
        <translation>Commune code (5 digits)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="50"/>
        <source>Tên xã/phường</source>
        <translation>Commune/ward name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="51"/>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="52"/>
        <source>Tên người dùng</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="54"/>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup.py" line="55"/>
        <source>Mở dữ liệu mẫu</source>
        <translation>Open sample data</translation>
    </message>
</context>
</TS>
